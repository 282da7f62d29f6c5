// Hardening of the worker's configuration and answers: the secret and its subkeys, debug headers, dev-only
// routes and tokens, the cached site record, cache headers, IPv6 networks and the article audit.
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { apiRequest, call, createSite, env, expectError, json, putArticle, threadPath, SELF_ORIGIN } from "./helpers";
import { commentRow, createTurnstileApp, patchSite, postAs, postOk, TEST_SECRET, uniqueBody } from "./safety-helpers";

/** The worker's fetch with some bindings changed (unset with `undefined`). */
function fetchWith(bindings: Partial<typeof env>, path: string, options: Parameters<typeof apiRequest>[1] = {}) {
  return createApp().fetch(apiRequest(path, options), { ...env, ...bindings });
}

/** HMAC-SHA-256 under the HKDF subkey for `purpose`, computed here independently of the worker's code. */
async function subkeyHash(purpose: string, value: string, secret = TEST_SECRET): Promise<string> {
  const encoder = new TextEncoder();
  const master = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("parley/v1"), info: encoder.encode(purpose) },
    master,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(value)));
  return btoa(String.fromCharCode(...mac)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("D1 cost headers", () => {
  it("are sent only when PARLEY_DEBUG_COST is set", async () => {
    const { id } = await createSite();
    const quiet = await fetchWith({ PARLEY_DEBUG_COST: undefined }, threadPath(id, "t"));
    expect(quiet.status).toBe(200);
    expect(quiet.headers.get("X-D1-Rows-Read")).toBeNull();
    expect(quiet.headers.get("X-D1-Rows-Written")).toBeNull();
    const debug = await fetchWith({ PARLEY_DEBUG_COST: "1" }, threadPath(id, "cold"));
    expect(debug.headers.get("X-D1-Rows-Read")).toMatch(/^\d+$/);
    expect(debug.headers.get("X-D1-Rows-Written")).toMatch(/^\d+$/);
  });
});

describe("PARLEY_SECRET", () => {
  for (const [label, secret] of [
    ["missing", undefined],
    ["shorter than 32 bytes", "test-secret"],
  ] as const) {
    it(`answers 503 MISCONFIGURED with a clear message on the routes that need it when it is ${label}`, async () => {
      const { id } = await createSite();
      for (const res of [
        await fetchWith({ PARLEY_SECRET: secret }, threadPath(id, "t")),
        await fetchWith({ PARLEY_SECRET: secret }, threadPath(id, "t"), { body: { body: "Hello", authorName: "Ann" } }),
      ]) {
        const error = await expectError(res, 503, "MISCONFIGURED");
        expect(error.message).toContain("PARLEY_SECRET");
        expect(error.message).toMatch(/32 bytes/);
      }
      await expectError(await fetchWith({ PARLEY_SECRET: secret }, `/sites/${id}/audit`, { token: "nope" }), 503, "MISCONFIGURED");
      // Routes that need no key keep working.
      expect((await fetchWith({ PARLEY_SECRET: secret }, "/health")).status).toBe(200);
      expect((await fetchWith({ PARLEY_SECRET: secret }, `/sites/${id}`)).status).toBe(200);
      expect((await fetchWith({ PARLEY_SECRET: secret }, `/sites/${id}/counts?threads=t`)).status).toBe(200);
    });
  }

  it("derives one HKDF subkey per purpose: IP and e-mail hashes use different keys", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { ip: "203.0.113.50", authorEmail: "ann@example.com" });
    const row = await commentRow(id, comment.id);
    expect(row?.ip_hash).toBe(await subkeyHash("ip-hash", "203.0.113.50"));
    expect(row?.email_hash).toBe(await subkeyHash("email-hash", "ann@example.com"));
    expect(row?.ip_hash).not.toBe(await subkeyHash("email-hash", "203.0.113.50"));
  });
});

describe("local development only", () => {
  it("serves /demo/ only when PARLEY_DEV is set", async () => {
    for (const path of [`${SELF_ORIGIN}/demo/`, `${SELF_ORIGIN}/demo/demo.css`, `${SELF_ORIGIN}/demo`]) {
      await expectError(await fetchWith({ PARLEY_DEV: undefined }, path), 404, "NOT_FOUND");
    }
    expect((await fetchWith({ PARLEY_DEV: "1" }, `${SELF_ORIGIN}/demo/`)).status).toBe(200);
  });

  it("refuses the dev admin and owner tokens without PARLEY_DEV, even when they are the configured tokens", async () => {
    const body = { id: `dev-${crypto.randomUUID().slice(0, 8)}`, name: "Dev", origins: [] };
    const refused = await fetchWith({ PARLEY_DEV: undefined, ADMIN_TOKEN: "dev-admin-token" }, "/sites", { token: "dev-admin-token", body });
    const error = await expectError(refused, 401, "UNAUTHORIZED");
    expect(error.message).toContain("local development");
    const { id } = await createSite();
    await expectError(await fetchWith({ PARLEY_DEV: undefined }, `/sites/${id}/audit`, { token: "dev-owner-token" }), 401, "UNAUTHORIZED");
    expect((await fetchWith({ PARLEY_DEV: "1", ADMIN_TOKEN: "dev-admin-token" }, "/sites", { token: "dev-admin-token", body })).status).toBe(201);
  });
});

describe("the cached site record", () => {
  it("holds public fields and origins only, in a named cache, never the Turnstile secret or the token hash", async () => {
    const site = await createSite();
    const secret = "0x4AAAAAAAcachedSecret_do-not-leak";
    await patchSite(site.id, site.ownerToken, { turnstileSiteKey: "0x4AAAAAAAsiteKey", turnstileSecret: secret });
    expect((await json(`/sites/${site.id}`, 200)).turnstileSiteKey).toBe("0x4AAAAAAAsiteKey");
    const named = await caches.open("parley-documents");
    const version = await (await named.match(`https://cache.parley.invalid/v/site/${site.id}`))?.text();
    expect(version).toBeTruthy();
    const url = `https://cache.parley.invalid/d/site/${site.id}/${version}`;
    const text = await (await named.match(url))?.text();
    expect(text).toBeTruthy();
    const record = JSON.parse(text ?? "{}");
    expect(record.settings.origins).toEqual(["https://blog.example.com"]);
    expect(text).not.toContain(secret);
    expect(record.ownerTokenHash).toBe("");
    const defaultCache = (caches as unknown as { default: Cache }).default;
    expect(await defaultCache.match(url)).toBeUndefined();
    expect(await defaultCache.match(`https://cache.parley.invalid/v/site/${site.id}`)).toBeUndefined();
  });
});

describe("cache headers", () => {
  it("marks answers that depend on the reader or a token private and no-store, with Vary naming what changes them", async () => {
    const site = await createSite();
    const thread = await call(threadPath(site.id, "t"), { origin: "https://blog.example.com" });
    expect(thread.headers.get("Cache-Control")).toBe("private, no-store");
    expect(thread.headers.get("Vary")).toMatch(/\bOrigin\b/);
    expect(thread.headers.get("Vary")).toMatch(/\bX-Parley-Own\b/);
    const post = await postAs(site.id, "t");
    expect(post.status).toBe(201);
    expect(post.headers.get("Cache-Control")).toBe("private, no-store");
    const queue = await call(`/sites/${site.id}/moderation/comments`, { token: site.ownerToken });
    expect(queue.status).toBe(200);
    expect(queue.headers.get("Cache-Control")).toBe("private, no-store");
    expect(queue.headers.get("Vary")).toMatch(/\bAuthorization\b/);
    // Documents that are the same for everyone stay revalidatable.
    expect((await call(`/sites/${site.id}`)).headers.get("Cache-Control")).toBe("no-cache");
  });
});

describe("Turnstile hostname", () => {
  it("refuses a challenge solved on a page outside the site's origins", async () => {
    const site = await createSite();
    await patchSite(site.id, site.ownerToken, { turnstileSiteKey: "0x4AAAAAAAsiteKey", turnstileSecret: "0x4AAAAAAAsecretValue" });
    const app = createTurnstileApp();
    await expectError(await app.post(site.id, "t", { turnstileToken: "good-elsewhere" }), 403, "TURNSTILE_FAILED");
    expect((await app.post(site.id, "t", { turnstileToken: "good" })).status).toBe(201);
  });
});

describe("IPv6 readers count by their /64", () => {
  it("rate-limits a /64 as one reader", async () => {
    const { id } = await createSite({ rateLimits: { readerPerMinute: 1, threadPerMinute: 0, sitePerMinute: 0 } });
    await postOk(id, "t", { ip: "2001:db8:1:2::1" });
    await expectError(await postAs(id, "t", { ip: "2001:db8:1:2:ffff:ffff:ffff:9" }), 429, "RATE_LIMITED");
    await postOk(id, "t", { ip: "2001:db8:1:3::1" });
  });

  it("treats the same text from another address of the /64 as a duplicate", async () => {
    const { id } = await createSite();
    const body = uniqueBody();
    await postOk(id, "t", { ip: "2001:db8:aa:1::1", body });
    await expectError(await postAs(id, "t", { ip: "2001:db8:aa:1::2", body }), 409, "DUPLICATE_COMMENT");
  });

  it("lets an IP ban on an IPv6 address cover its /64, and nothing outside it", async () => {
    const site = await createSite();
    await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "ip", value: "2001:db8:5:6::7" } });
    await expectError(await postAs(site.id, "t", { ip: "2001:db8:5:6:abcd::1" }), 403, "BANNED");
    await postOk(site.id, "t", { ip: "2001:db8:5:7::7" });
  });

  it("caps votes per /64, not per address", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t");
    for (let n = 1; n <= 3; n++) {
      await json(`/sites/${id}/comments/${comment.id}/votes`, 200, {
        body: { readerKey: `reader-key-${n}-aaaaaaaaaaaaaaaa`, up: true },
        headers: { "CF-Connecting-IP": `2001:db8:9:9::${n}` },
      });
    }
    const res = await call(`/sites/${id}/comments/${comment.id}/votes`, {
      body: { readerKey: "reader-key-4-aaaaaaaaaaaaaaaa", up: true },
      headers: { "CF-Connecting-IP": "2001:db8:9:9:1::4" },
    });
    await expectError(res, 409, "ALREADY_VOTED");
  });

  it("counts an IPv4 address written as IPv6 as that IPv4 address", async () => {
    const { id } = await createSite({ rateLimits: { readerPerMinute: 1, threadPerMinute: 0, sitePerMinute: 0 } });
    await postOk(id, "t", { ip: "192.0.2.44" });
    await expectError(await postAs(id, "t", { ip: "::ffff:192.0.2.44" }), 429, "RATE_LIMITED");
  });
});

describe("article audit", () => {
  it("records article create, update and delete with the listing fields, never the body", async () => {
    const site = await createSite();
    await putArticle(site.id, site.ownerToken, "audited", { title: "First", body: "Secret draft body." });
    await putArticle(site.id, site.ownerToken, "audited", { title: "Second" }, 200);
    // The same article again changes nothing, and writes no entry.
    expect(await putArticle(site.id, site.ownerToken, "audited", { title: "Second" }, 200)).toMatchObject({ title: "Second" });
    expect((await call(`/sites/${site.id}/articles/audited`, { method: "DELETE", token: site.ownerToken })).status).toBe(204);
    const { entries } = await json<{ entries: any[] }>(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    const articleEntries = entries.filter((e) => e.targetType === "article");
    expect(articleEntries.map((e) => e.action)).toEqual(["article.delete", "article.update", "article.create"]);
    expect(articleEntries.every((e) => e.targetId === "audited" && e.actor.startsWith("owner:"))).toBe(true);
    expect(articleEntries[2].before).toBeNull();
    expect(articleEntries[2].after.title).toBe("First");
    expect(articleEntries[1].before.title).toBe("First");
    expect(articleEntries[1].after.title).toBe("Second");
    expect(articleEntries[0].after).toBeNull();
    expect(JSON.stringify(entries)).not.toContain("Secret draft body");
  });

  it("does not audit a delete of an article that does not exist", async () => {
    const site = await createSite();
    await expectError(await call(`/sites/${site.id}/articles/missing`, { method: "DELETE", token: site.ownerToken }), 404, "ARTICLE_NOT_FOUND");
    const { entries } = await json<{ entries: any[] }>(`/sites/${site.id}/audit`, 200, { token: site.ownerToken });
    expect(entries).toEqual([]);
  });
});



