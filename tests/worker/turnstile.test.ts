// Cloudflare Turnstile: a site with a secret requires a verified challenge on every reader write, and the
// secret is write-only. The app under test is built with an offline verifier that accepts only "good".
import { describe, expect, it } from "vitest";
import { ADMIN, countCommentRows, createSite, env, expectError, json, threadPath } from "./helpers";
import { createTurnstileApp, patchSite, postOk, uniqueBody } from "./safety-helpers";

const SITE_KEY = "0x4AAAAAAAtestSiteKey";
const SECRET = "0x4AAAAAAAtestSecretValue_do-not-leak";

/** A site whose owner has set up Turnstile through PATCH. */
async function turnstileSite(settings: Record<string, unknown> = {}) {
  const site = await createSite(settings);
  const view = await patchSite(site.id, site.ownerToken, { turnstileSiteKey: SITE_KEY, turnstileSecret: SECRET });
  return { ...site, view };
}

describe("settings", () => {
  it("shows the site key on the public site and never the secret", async () => {
    const { id } = await turnstileSite();
    const res = await json(`/sites/${id}`, 200);
    expect(res.turnstileSiteKey).toBe(SITE_KEY);
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(Object.keys(res)).not.toContain("turnstileSecret");
  });

  it("answers the owner's PATCH with turnstileSecretSet: true and not the secret", async () => {
    const site = await createSite();
    const res = await json(`/sites/${site.id}`, 200, {
      method: "PATCH",
      token: site.ownerToken,
      body: { turnstileSiteKey: SITE_KEY, turnstileSecret: SECRET },
    });
    expect(res.site.settings.turnstileSecretSet).toBe(true);
    expect(res.site.settings.turnstileSiteKey).toBe(SITE_KEY);
    expect(res.site.settings).not.toHaveProperty("turnstileSecret");
    expect(JSON.stringify(res)).not.toContain(SECRET);
  });

  it("keeps the secret out of later PATCH responses that change other settings", async () => {
    const { id, ownerToken } = await turnstileSite();
    const view = await patchSite(id, ownerToken, { name: "Renamed" });
    expect(view.settings.turnstileSecretSet).toBe(true);
    expect(JSON.stringify(view)).not.toContain(SECRET);
  });

  it("keeps the secret out of the site creation response", async () => {
    const id = `turnstile-${crypto.randomUUID().slice(0, 8)}`;
    const res = await json(`/sites`, 201, {
      token: ADMIN,
      body: { id, name: "Created with a secret", turnstileSiteKey: SITE_KEY, turnstileSecret: SECRET },
    });
    expect(res.site.settings.turnstileSecretSet).toBe(true);
    expect(JSON.stringify(res)).not.toContain(SECRET);
  });

  it("writes an audit entry for the change that does not contain the secret", async () => {
    const { id, ownerToken } = await turnstileSite();
    const { entries } = await json<{ entries: any[] }>(`/sites/${id}/audit`, 200, { token: ownerToken });
    const entry = entries.find((e) => e.action === "site.update");
    expect(entry).toBeDefined();
    expect(entry.after).toMatchObject({ turnstileSiteKey: SITE_KEY, turnstileSecretSet: true });
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    const stored = await env.DB.prepare("SELECT before, after FROM audit_log WHERE site_id = ?1").bind(id).all();
    expect(JSON.stringify(stored.results)).not.toContain(SECRET);
  });

  it("records a secret rotation in the audit log without either secret", async () => {
    const { id, ownerToken } = await turnstileSite();
    await patchSite(id, ownerToken, { turnstileSecret: "0x4AAAAAAAsecondSecret" });
    const stored = await env.DB.prepare("SELECT before, after FROM audit_log WHERE site_id = ?1").bind(id).all();
    const text = JSON.stringify(stored.results);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("0x4AAAAAAAsecondSecret");
  });

  it("shows no site key to readers while the site has no secret to verify with", async () => {
    const site = await createSite();
    const view = await patchSite(site.id, site.ownerToken, { turnstileSiteKey: SITE_KEY });
    expect(view.settings.turnstileSecretSet).toBe(false);
    expect((await json(`/sites/${site.id}`, 200)).turnstileSiteKey).toBeNull();
  });

  it("turns the challenge off when the owner clears the secret", async () => {
    const { id, ownerToken } = await turnstileSite();
    const view = await patchSite(id, ownerToken, { turnstileSecret: null });
    expect(view.settings.turnstileSecretSet).toBe(false);
    expect((await json(`/sites/${id}`, 200)).turnstileSiteKey).toBeNull();
    const app = createTurnstileApp();
    expect((await app.post(id, "t")).status).toBe(201);
    expect(app.calls).toEqual([]);
  });
});

describe("posting", () => {
  it("refuses a post without turnstileToken with 403 TURNSTILE_FAILED and stores nothing", async () => {
    const { id } = await turnstileSite();
    const app = createTurnstileApp();
    await expectError(await app.post(id, "t"), 403, "TURNSTILE_FAILED");
    expect(app.calls).toEqual([]);
    expect(await countCommentRows(id)).toBe(0);
  });

  it("refuses a post whose token does not verify with 403 TURNSTILE_FAILED", async () => {
    const { id } = await turnstileSite();
    const app = createTurnstileApp();
    await expectError(await app.post(id, "t", { turnstileToken: "bad" }), 403, "TURNSTILE_FAILED");
    expect(app.calls).toHaveLength(1);
    expect(await countCommentRows(id)).toBe(0);
  });

  it("accepts a post whose token verifies, checked with the site's secret and the reader's IP address", async () => {
    const { id } = await turnstileSite();
    const app = createTurnstileApp();
    const res = await app.post(id, "t", { turnstileToken: "good", ip: "203.0.113.77" });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await res.json<any>()).comment.status).toBe("published");
    expect(app.calls).toEqual([{ secret: SECRET, token: "good", ip: "203.0.113.77" }]);
  });

  it("verifies the token on every post", async () => {
    const { id } = await turnstileSite();
    const app = createTurnstileApp();
    expect((await app.post(id, "t", { turnstileToken: "good" })).status).toBe(201);
    expect((await app.post(id, "t", { turnstileToken: "good" })).status).toBe(201);
    expect(app.calls).toHaveLength(2);
  });

  it("ignores turnstileToken on a site without a secret", async () => {
    const { id } = await createSite();
    const app = createTurnstileApp();
    expect((await app.post(id, "t", { turnstileToken: "bad" })).status).toBe(201);
    expect((await app.post(id, "t")).status).toBe(201);
    expect(app.calls).toEqual([]);
  });

  it("ignores a site key without a secret", async () => {
    const site = await createSite();
    await patchSite(site.id, site.ownerToken, { turnstileSiteKey: SITE_KEY });
    const app = createTurnstileApp();
    expect((await app.post(site.id, "t")).status).toBe(201);
  });

  it("checks the challenge before the thread state, so a bot learns nothing about the thread", async () => {
    const { id, ownerToken } = await turnstileSite();
    await json(`/sites/${id}/threads/closed`, 200, { method: "PUT", token: ownerToken, body: { locked: true } });
    const app = createTurnstileApp();
    await expectError(await app.post(id, "closed", { turnstileToken: "bad" }), 403, "TURNSTILE_FAILED");
    await expectError(await app.post(id, "closed", { turnstileToken: "good" }), 409, "THREAD_LOCKED");
  });
});

describe("reader edits", () => {
  it("also require a verified token", async () => {
    const { id } = await turnstileSite();
    const app = createTurnstileApp();
    const posted = await app.post(id, "t", { turnstileToken: "good" });
    const { comment, editToken } = await posted.json<any>();

    await expectError(await app.edit(id, comment.id, editToken, { body: "Edited without a challenge" }), 403, "TURNSTILE_FAILED");
    await expectError(await app.edit(id, comment.id, editToken, { body: "Edited with a bad one", turnstileToken: "bad" }), 403, "TURNSTILE_FAILED");
    const unchanged = await env.DB.prepare("SELECT body_source FROM comments WHERE id = ?1").bind(comment.id).first<string>("body_source");
    expect(unchanged).toBe(comment.body[0].c[0].v);

    const res = await app.edit(id, comment.id, editToken, { body: "Edited properly", turnstileToken: "good" }, "203.0.113.78");
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json<any>()).comment.body).toEqual([{ t: "p", c: [{ t: "text", v: "Edited properly" }] }]);
    expect(app.calls.at(-1)).toEqual({ secret: SECRET, token: "good", ip: "203.0.113.78" });
  });

  it("check the edit token before calling Turnstile", async () => {
    const { id } = await turnstileSite();
    const app = createTurnstileApp();
    const { comment } = await (await app.post(id, "t", { turnstileToken: "good" })).json<any>();
    const before = app.calls.length;
    await expectError(await app.edit(id, comment.id, "pe_wrongwrongwrongwrongwrong", { body: "x", turnstileToken: "good" }), 401, "UNAUTHORIZED");
    expect(app.calls.length).toBe(before);
  });

  it("need no token on a site without a secret", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t", { body: uniqueBody() });
    const app = createTurnstileApp();
    const res = await app.edit(id, comment.id, editToken, { body: "No challenge here" });
    expect(res.status).toBe(200);
  });
});

it("keeps the secret out of the public thread page", async () => {
  const { id } = await turnstileSite();
  const page = await json(threadPath(id, "t"), 200);
  expect(JSON.stringify(page)).not.toContain(SECRET);
});
