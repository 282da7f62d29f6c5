// The owner's e-mail settings (GET/PUT …/notifications/mail): the digest is on only while an address is set, and
// the API refuses to switch it on without one, so the owner never waits for a digest that cannot come.
import { describe, expect, it } from "vitest";
import { call, createSite, expectError, json } from "./helpers";

const mail = (site: { id: string }) => `/sites/${site.id}/notifications/mail`;

async function put(site: { id: string; ownerToken: string }, body: Record<string, unknown>) {
  return call(mail(site), { method: "PUT", token: site.ownerToken, body });
}

describe("owner mail settings", () => {
  it("reports no digest on a site whose owner never gave an address", async () => {
    const site = await createSite();
    const status = await json(mail(site), 200, { token: site.ownerToken });
    expect(status).toMatchObject({ ownerEmail: null, digest: false, ownerEmailConfirmed: false, confirmationSentAt: null, provider: "dev-outbox", sending: true });
  });

  it("refuses to switch the digest on without an address, given or stored, and stores nothing", async () => {
    const site = await createSite();
    const error = await expectError(await put(site, { digest: true }), 400, "VALIDATION_FAILED");
    expect(error.details).toEqual([{ field: "digest", message: expect.stringMatching(/e-mail address/) }]);
    // An address cleared in the same request is no address either.
    await expectError(await put(site, { email: null, digest: true }), 400, "VALIDATION_FAILED");
    expect(await json(mail(site), 200, { token: site.ownerToken })).toMatchObject({ ownerEmail: null, digest: false });
  });

  it("switches the digest on with an address given now or stored before, and off when the address is cleared", async () => {
    const site = await createSite();
    const given = await json(mail(site), 200, { method: "PUT", token: site.ownerToken, body: { email: "Owner.Name+digest@Example.com", digest: true } });
    expect(given).toMatchObject({ ownerEmail: expect.stringMatching(/^.\*\*\*@example\.com$/i), digest: true });
    expect(JSON.stringify(given)).not.toContain("Owner+digest");
    expect(await json(mail(site), 200, { method: "PUT", token: site.ownerToken, body: { digest: false } })).toMatchObject({ digest: false });
    expect(await json(mail(site), 200, { method: "PUT", token: site.ownerToken, body: { digest: true } })).toMatchObject({ digest: true });

    const cleared = await json(mail(site), 200, { method: "PUT", token: site.ownerToken, body: { email: null } });
    expect(cleared).toMatchObject({ ownerEmail: null, digest: false });
    await expectError(await put(site, { digest: true }), 400, "VALIDATION_FAILED");
  });

  it("keeps the digest off for a site whose owner only switches it off", async () => {
    const site = await createSite();
    expect(await json(mail(site), 200, { method: "PUT", token: site.ownerToken, body: { digest: false } })).toMatchObject({ ownerEmail: null, digest: false });
    expect(await json(mail(site), 200, { method: "PUT", token: site.ownerToken, body: { email: "owner@example.com" } })).toMatchObject({ digest: false });
  });
});
