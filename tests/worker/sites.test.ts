import { describe, expect, it } from "vitest";
import { ADMIN, call, createSite, env, expectError, expectInvalid, json, postComment, sha256Hex, uniqueSiteId } from "./helpers";

const createBody = (overrides: Record<string, unknown> = {}) => ({
  id: uniqueSiteId(),
  name: "My blog",
  origins: ["https://blog.example.com"],
  ...overrides,
});

describe("POST /sites (admin)", () => {
  it("creates a site and returns its settings and an owner token once", async () => {
    const body = createBody({ links: [{ network: "youtube", url: "https://youtube.com/@example" }] });
    const res = await call("/sites", { token: ADMIN, body });
    expect(res.status).toBe(201);
    const created = await res.json<any>();
    expect(created.ownerToken).toMatch(/^pt_own_[A-Za-z0-9_-]{40,}$/);
    expect(created.site).toMatchObject({ id: body.id, name: "My blog" });
    expect(created.site.settings).toMatchObject({
      origins: ["https://blog.example.com"],
      moderation: "post",
      editWindowMinutes: 15,
      autoCloseDays: null,
      links: [{ network: "youtube", url: "https://youtube.com/@example" }],
      locale: "en",
    });
    expect(Date.parse(created.site.createdAt)).not.toBeNaN();
    expect(JSON.stringify(created.site)).not.toContain(created.ownerToken);
  });

  it("stores only the hash of the owner token", async () => {
    const body = createBody();
    const { ownerToken } = await json("/sites", 201, { token: ADMIN, body });
    const row = await env.DB.prepare("SELECT * FROM sites WHERE id = ?1").bind(body.id).first<Record<string, unknown>>();
    expect(row?.owner_token_hash).toBe(await sha256Hex(ownerToken));
    expect(JSON.stringify(row)).not.toContain(ownerToken);
  });

  it("refuses a second site with the same id with 409 SITE_EXISTS and keeps the first", async () => {
    const body = createBody();
    const first = await json("/sites", 201, { token: ADMIN, body });
    const error = await expectError(await call("/sites", { token: ADMIN, body: { ...body, name: "Impostor" } }), 409, "SITE_EXISTS");
    expect(error.message).toContain(body.id);
    expect((await json(`/sites/${body.id}`, 200)).name).toBe("My blog");
    await json(`/sites/${body.id}`, 200, { method: "PATCH", token: first.ownerToken, body: { locale: "fr" } });
  });

  it.each([
    ["uppercase letters", "My-Blog"],
    ["an underscore", "my_blog"],
    ["a leading dash", "-blog"],
    ["a trailing dash", "blog-"],
    ["more than 64 characters", "a".repeat(65)],
    ["an empty string", ""],
  ])("rejects a site id with %s", async (_, id) => {
    await expectInvalid(await call("/sites", { token: ADMIN, body: createBody({ id }) }), "id");
  });

  it("accepts a site id of exactly 64 characters", async () => {
    const id = `${uniqueSiteId()}-`.padEnd(64, "x");
    expect((await json("/sites", 201, { token: ADMIN, body: createBody({ id }) })).site.id).toBe(id);
  });

  it.each([
    ["empty", ""],
    ["only spaces", "   "],
    ["longer than 100 characters", "n".repeat(101)],
    ["on two lines", "My\nblog"],
    ["not a string", 42],
  ])("rejects a name that is %s", async (_, name) => {
    await expectInvalid(await call("/sites", { token: ADMIN, body: createBody({ name }) }), "name");
  });

  it("rejects a request without a name", async () => {
    const { name: _, ...body } = createBody();
    const error = await expectInvalid(await call("/sites", { token: ADMIN, body }), "name");
    expect(error.details?.find((d) => d.field === "name")?.message).toBe("Required.");
  });

  it.each([
    ["a trailing slash", "https://blog.example.com/"],
    ["a path", "https://blog.example.com/blog"],
    ["a scheme other than http(s)", "ftp://blog.example.com"],
    ["no scheme", "blog.example.com"],
    ["a wildcard", "*"],
  ])("rejects an origin with %s and names its position", async (_, origin) => {
    await expectInvalid(await call("/sites", { token: ADMIN, body: createBody({ origins: ["https://ok.example", origin] }) }), "origins.1");
  });

  it("says how to write an origin spelled otherwise, and keeps one listed twice once", async () => {
    const spelled: [string, string][] = [
      ["https://Blog.Example.com", "https://blog.example.com"],
      ["https://blog.example.com:443", "https://blog.example.com"],
      ["https://blog.example.com/", "https://blog.example.com"],
      ["https://münchen.de", "https://xn--mnchen-3ya.de"],
    ];
    for (const [origin, written] of spelled) {
      const error = await expectInvalid(await call("/sites", { token: ADMIN, body: createBody({ origins: ["https://ok.example", origin] }) }), "origins.1");
      expect(error.details).toEqual([{ field: "origins.1", message: `Must be written as the browser sends it: ${written}` }]);
    }
    const origins = ["https://a.example", "https://b.example", "https://a.example"];
    const { site } = await json("/sites", 201, { token: ADMIN, body: createBody({ origins }) });
    expect(site.settings.origins).toEqual(["https://a.example", "https://b.example"]);
  });

  it("refuses a host name past DNS's limits, saying which: 253 characters in all, 63 between dots, no empty part", async () => {
    // 300 characters of labels that are each fine, as a generator or a paste gone wrong makes them.
    const long = `https://${Array.from({ length: 5 }, (_, i) => `${i}${"sub-domain".repeat(6)}`).join(".")}.blog.example.com`;
    const cases: [string, string][] = [
      [long, "The host name has 326 characters; a host name has at most 253."],
      [`https://${"x".repeat(64)}.example.com`, "Part 1 of the host name has 64 characters; each part between dots has at most 63."],
      // Counted as DNS has it: 8 × "überlang" is 64 characters as typed, 71 in punycode (xn--…).
      [new URL(`https://blog.${"überlang".repeat(8)}.example`).origin, "Part 2 of the host name has 71 characters; each part between dots has at most 63."],
      ["https://blog..example.com", "The host name has an empty part (two dots in a row, or a dot first)."],
      // Nor is port 0 one a page can be served from.
      ["https://1.1.1.1:0", "Port 0 is no port a page can be served from."],
      // Characters the URL parser lets through in a host, which no page is served from; a wildcard said so, also
      // percent-encoded (the refusal is never a spelling to copy that is refused in turn).
      ["https://a!b.example.com", 'A host name is letters, digits, hyphens and dots, not "!".'],
      ["https://a$b.com", 'A host name is letters, digits, hyphens and dots, not "$".'],
      ["https://*.example.com", "A wildcard (*) matches nothing: the browser sends the page's own origin. List each origin the widget is on."],
      ["https://%2A.com", "A wildcard (*) matches nothing: the browser sends the page's own origin. List each origin the widget is on."],
    ];
    for (const [origin, message] of cases) {
      const error = await expectInvalid(await call("/sites", { token: ADMIN, body: createBody({ origins: ["https://ok.example", origin] }) }), "origins.1");
      expect(error.details).toEqual([{ field: "origins.1", message }]);
    }
    // The same refusal when the owner changes the origins.
    const { site, ownerToken } = await json("/sites", 201, { token: ADMIN, body: createBody() });
    const error = await expectInvalid(await call(`/sites/${site.id}`, { method: "PATCH", token: ownerToken, body: { origins: [long] } }), "origins.0");
    expect(error.details?.[0].message).toBe("The host name has 326 characters; a host name has at most 253.");
    expect((await json(`/sites/${site.id}/settings`, 200, { token: ownerToken })).site.settings.origins).toEqual(site.settings.origins);
  });

  it("accepts a host name at DNS's limits, one with a trailing dot or an underscore, and IP addresses", async () => {
    const label = "a".repeat(63);
    const longest = `https://${[label, label, label, "b".repeat(57)].join(".")}.com`;
    expect(new URL(longest).hostname).toHaveLength(253);
    const origins = [longest, "https://blog.example.com.", "https://my_blog.example.com", "http://192.168.0.10:8080", "http://[::1]:8787"];
    const { site } = await json("/sites", 201, { token: ADMIN, body: createBody({ origins }) });
    expect(site.settings.origins).toEqual(origins);
  });

  it("accepts origins with a port and plain http", async () => {
    const origins = ["http://localhost:8787", "https://blog.example.com:8443"];
    const { site } = await json("/sites", 201, { token: ADMIN, body: createBody({ origins }) });
    expect(site.settings.origins).toEqual(origins);
  });

  it("rejects an unknown field instead of ignoring it", async () => {
    const body = createBody({ colour: "blue" });
    const error = await expectInvalid(await call("/sites", { token: ADMIN, body }), "colour");
    expect(error.details?.find((d) => d.field === "colour")?.message).toBe("Unknown field.");
    await expectError(await call(`/sites/${body.id}`), 404, "SITE_NOT_FOUND");
  });

  it("rejects invalid settings and names the nested field", async () => {
    const res = await call("/sites", {
      token: ADMIN,
      body: createBody({ moderation: "later", links: [{ network: "myspace", url: "https://myspace.com/x" }] }),
    });
    const error = await expectInvalid(res, "moderation");
    expect(error.details?.map((d) => d.field)).toContain("links.0.network");
  });

  it("rejects a social link with a javascript: URL", async () => {
    const res = await call("/sites", { token: ADMIN, body: createBody({ links: [{ network: "website", url: "javascript:alert(1)" }] }) });
    await expectInvalid(res, "links.0.url");
  });
});

describe("GET /sites/{site}", () => {
  it("shows the name, social links and locale to anyone", async () => {
    const links = [
      { network: "youtube", url: "https://youtube.com/@example" },
      { network: "instagram", url: "https://instagram.com/example", label: "Our photos" },
    ];
    const { id } = await createSite({ name: "Public name", links, locale: "pt-BR" });
    expect(await json(`/sites/${id}`, 200)).toMatchObject({ id, name: "Public name", links, locale: "pt-BR" });
  });

  it("never shows the owner token, its hash, the origins or other settings", async () => {
    const { id, ownerToken } = await createSite({ origins: ["https://secret-origin.example"], blockedWords: ["casino"] });
    const res = await call(`/sites/${id}`);
    const text = await res.text();
    const site = JSON.parse(text);
    for (const key of ["ownerToken", "ownerTokenHash", "owner_token_hash", "origins", "settings", "blockedWords"]) {
      expect(site).not.toHaveProperty(key);
    }
    expect(text).not.toContain(ownerToken);
    expect(text).not.toContain(await sha256Hex(ownerToken));
    expect(text).not.toContain("secret-origin");
    expect(text).not.toContain("casino");
  });

  it("answers 404 SITE_NOT_FOUND for an unknown site", async () => {
    await expectError(await call(`/sites/${uniqueSiteId("missing")}`), 404, "SITE_NOT_FOUND");
  });
});

describe("PATCH /sites/{site} (owner)", () => {
  it("changes settings and shows the public ones at once", async () => {
    const { id, ownerToken } = await createSite();
    const links = [{ network: "rss", url: "https://blog.example.com/feed.xml" }];
    const { site } = await json(`/sites/${id}`, 200, {
      method: "PATCH",
      token: ownerToken,
      body: { name: "Renamed", locale: "de", links, editWindowMinutes: 30, autoCloseDays: 90, origins: ["https://new.example"] },
    });
    expect(site).toMatchObject({ id, name: "Renamed" });
    expect(site.settings).toMatchObject({ locale: "de", links, editWindowMinutes: 30, autoCloseDays: 90, origins: ["https://new.example"] });
    expect(await json(`/sites/${id}`, 200)).toMatchObject({ name: "Renamed", locale: "de", links });
  });

  it("holds new comments as pending once moderation is switched to pre", async () => {
    const { id, ownerToken } = await createSite();
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { moderation: "pre", minFillSeconds: 0 } });
    const { comment } = await postComment(id, "t", { body: "Held for review" });
    expect(comment.status).toBe("pending");
    const page = await json(`/sites/${id}/threads/t/comments`, 200);
    expect(page.comments).toEqual([]);
    expect(page.total).toBe(0);
  });

  it("keeps the settings a change does not name", async () => {
    const links = [{ network: "youtube", url: "https://youtube.com/@kept" }];
    const { id, ownerToken } = await createSite({ origins: ["https://kept.example"], moderation: "pre", links, editWindowMinutes: 60 });
    const { site } = await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { name: "Renamed" } });
    expect(site.name).toBe("Renamed");
    expect(site.settings).toMatchObject({ origins: ["https://kept.example"], moderation: "pre", links, editWindowMinutes: 60, minFillSeconds: 0 });
    expect(await json(`/sites/${id}`, 200)).toMatchObject({ name: "Renamed", links });
  });

  it("keeps both of two changes sent at the same moment, each to its own settings", async () => {
    const { id, ownerToken } = await createSite();
    const patch = (body: Record<string, unknown>) => call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body });
    for (let n = 1; n <= 5; n++) {
      // The dashboard saves the blocked words while a script adds an origin and renames the site.
      const words = ["casino", `ｃａｓｉｎｏ ${n}`, "free money"];
      const origins = ["https://blog.example.com", `https://staging-${n}.blog.example.com:8443`];
      const answers = await Promise.all([patch({ blockedWords: words, maxLinks: n }), patch({ origins, name: `Blog ${n}`, autoCloseDays: null })]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const { site } = await json(`/sites/${id}/settings`, 200, { token: ownerToken });
      expect(site.name).toBe(`Blog ${n}`);
      expect(site.settings).toMatchObject({ blockedWords: words, maxLinks: n, origins, autoCloseDays: null });
    }
  });

  it("rejects an empty change", async () => {
    const { id, ownerToken } = await createSite({ name: "Unchanged" });
    await expectError(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: {} }), 400, "VALIDATION_FAILED");
    expect((await json(`/sites/${id}`, 200)).name).toBe("Unchanged");
  });

  it("rejects an unknown setting and changes nothing", async () => {
    const { id, ownerToken } = await createSite({ name: "Unchanged" });
    await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { name: "Changed", theme: "dark" } }), "theme");
    expect((await json(`/sites/${id}`, 200)).name).toBe("Unchanged");
  });

  it("does not let the owner change the site id", async () => {
    const { id, ownerToken } = await createSite();
    await expectInvalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { id: "other" } }), "id");
  });

  it("rejects settings out of range", async () => {
    const { id, ownerToken } = await createSite();
    const res = await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { editWindowMinutes: -1, locale: "English" } });
    const error = await expectInvalid(res, "editWindowMinutes");
    expect(error.details?.map((d) => d.field)).toContain("locale");
  });
});

describe("POST /sites/{site}/token (owner)", () => {
  it("rotates the owner token: the new one works and the old one is 401 at once", async () => {
    const { id, ownerToken: oldToken } = await createSite();
    const { ownerToken: newToken } = await json(`/sites/${id}/token`, 200, { method: "POST", token: oldToken });
    expect(newToken).toMatch(/^pt_own_/);
    expect(newToken).not.toBe(oldToken);
    await expectError(await call(`/sites/${id}`, { method: "PATCH", token: oldToken, body: { locale: "fr" } }), 401, "UNAUTHORIZED");
    await json(`/sites/${id}`, 200, { method: "PATCH", token: newToken, body: { locale: "fr" } });
    const row = await env.DB.prepare("SELECT owner_token_hash FROM sites WHERE id = ?1").bind(id).first<string>("owner_token_hash");
    expect(row).toBe(await sha256Hex(newToken));
  });

  it("cannot rotate again with the token it replaced", async () => {
    const { id, ownerToken } = await createSite();
    await json(`/sites/${id}/token`, 200, { method: "POST", token: ownerToken });
    await expectError(await call(`/sites/${id}/token`, { method: "POST", token: ownerToken }), 401, "UNAUTHORIZED");
  });
});
