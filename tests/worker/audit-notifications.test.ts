// Where the owner's notifications go is in the audit log: a leaked owner token that adds a webhook or changes the
// digest address, to read every comment as it comes, leaves a trace, as a settings change does. Never a secret.
import { describe, expect, it } from "vitest";
import { call, createSite, expectError, json } from "./helpers";
import { receiver } from "./notify-helpers";

async function audit(site: { id: string; ownerToken: string }): Promise<any[]> {
  return (await json(`/sites/${site.id}/audit?limit=100`, 200, { token: site.ownerToken })).entries;
}

describe("the audit log", () => {
  it("records a webhook added and removed, with where it sends what, but never its secret", async () => {
    const site = await createSite();
    const url = `${receiver().url}&token=receiver-side-key`;
    const created = await json(`/sites/${site.id}/webhooks`, 201, { token: site.ownerToken, body: { url, events: ["comment.pending", "comment.created"], format: "slack" } });
    // The same URL again is refused and records nothing.
    expect((await call(`/sites/${site.id}/webhooks`, { token: site.ownerToken, body: { url, events: ["comment.created"] } })).status).toBe(409);
    expect((await call(`/sites/${site.id}/webhooks/${created.webhook.id}`, { method: "DELETE", token: site.ownerToken })).status).toBe(204);
    await expectError(await call(`/sites/${site.id}/webhooks/${created.webhook.id}`, { method: "DELETE", token: site.ownerToken }), 404, "WEBHOOK_NOT_FOUND");

    const entries = (await audit(site)).filter((e) => e.targetType === "webhook");
    expect(entries.map((e) => e.action)).toEqual(["webhook.delete", "webhook.create"]);
    const view = { url: created.webhook.url, events: ["comment.pending", "comment.created"], format: "slack" };
    expect(entries[1]).toMatchObject({ targetId: created.webhook.id, before: null, after: view });
    expect(entries[1].actor).toMatch(/^owner:[0-9a-f]{12}$/);
    expect(entries[0]).toMatchObject({ targetId: created.webhook.id, before: view, after: null });
    expect(JSON.stringify(entries)).not.toContain(created.secret);
  });

  it("records a change of the digest address by its masked form only", async () => {
    const site = await createSite();
    await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { email: "night.owl@example.org", digest: true } });
    await json(`/sites/${site.id}/notifications/mail`, 200, { method: "PUT", token: site.ownerToken, body: { email: "q@elsewhere.example" } });
    const entries = (await audit(site)).filter((e) => e.action === "mail.update");
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [{ email: "n***@example.org", digest: true }, { email: "q***@elsewhere.example", digest: true }],
      [null, { email: "n***@example.org", digest: true }],
    ]);
    expect(JSON.stringify(entries)).not.toContain("night.owl");
  });
});
