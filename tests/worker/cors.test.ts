import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BLOG_ORIGIN, SELF_ORIGIN, call, countCommentRows, createSite, expectError, json, postComment, putArticle, threadPath } from "./helpers";

const comment = { body: "From a browser", authorName: "Ada" };

describe("CORS by the site's allowed origins", () => {
  it("echoes an allowed origin on a read, with Vary: Origin", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { origin: BLOG_ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
    expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("Idempotent-Replayed");
  });

  it("says Vary: Origin without an Origin too, so a shared cache keeps the answers apart", async () => {
    const { id, ownerToken } = await createSite();
    await putArticle(id, ownerToken, "vary", { title: "Vary", body: "Text" });
    for (const path of [threadPath(id, "t"), `/sites/${id}`]) {
      const res = await call(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      expect(res.headers.get("Vary"), path).toMatch(/\bOrigin\b/);
    }
    const embed = await exports.default.fetch(new Request(`${SELF_ORIGIN}/embed/${id}/vary`));
    expect(embed.status).toBe(200);
    expect(embed.headers.get("Cache-Control")).toContain("public");
    expect(embed.headers.get("Vary")).toMatch(/\bOrigin\b/);
  });

  it("lets an allowed origin post, with the CORS headers on the 201", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { origin: BLOG_ORIGIN, body: comment });
    expect(res.status).toBe(201);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
    expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/);
  });

  it("keeps the CORS headers on an error answered to an allowed origin, so the widget can read its code", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { origin: BLOG_ORIGIN, body: { body: "", authorName: "Ada" } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
    await expectError(res, 400, "VALIDATION_FAILED");
  });

  it("refuses a post from an origin that is not allowed with 403 ORIGIN_NOT_ALLOWED and stores nothing", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { origin: "https://evil.example", body: comment });
    // The refusal is readable by the page (it holds no data), so the widget can explain it.
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://evil.example");
    await expectError(res, 403, "ORIGIN_NOT_ALLOWED");
    expect(await countCommentRows(id)).toBe(0);
    expect((await json(threadPath(id, "t"), 200)).total).toBe(0);
  });

  it("repeats a huge origin or site id in its message only cut short", async () => {
    const { id } = await createSite();
    const origin = `https://${"a".repeat(20_000)}.example`;
    const refused = await expectError(await call(threadPath(id, "t"), { origin, body: comment }), 403, "ORIGIN_NOT_ALLOWED");
    expect(refused.message).toBe(`The page's origin https://${"a".repeat(71)}… is not in the allowed origins of site "${id}".`);
    const unknown = await expectError(await call(threadPath("X".repeat(5_000), "t")), 404, "SITE_NOT_FOUND");
    expect(unknown.message).toBe(`No site "${"X".repeat(79)}…".`);
  });

  it.each([
    ["another scheme", "http://blog.example.com"],
    ["another port", "https://blog.example.com:8443"],
    ["a look-alike suffix", "https://blog.example.com.evil.example"],
    ["a subdomain", "https://www.blog.example.com"],
    ["the opaque null origin", "null"],
  ])("does not treat %s as the allowed origin", async (_, origin) => {
    const { id } = await createSite();
    await expectError(await call(threadPath(id, "t"), { origin, body: comment }), 403, "ORIGIN_NOT_ALLOWED");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("refuses a read from another origin with a readable 403 ORIGIN_NOT_ALLOWED that holds no data", async () => {
    const { id } = await createSite();
    await postComment(id, "t", { body: "secret-ish text" });
    const res = await call(threadPath(id, "t"), { origin: "https://evil.example" });
    expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/);
    const text = await res.clone().text();
    expect(text).not.toContain("secret-ish text");
    await expectError(res, 403, "ORIGIN_NOT_ALLOWED");
  });

  it("refuses an owner write from another origin even with the right token", async () => {
    const { id, ownerToken } = await createSite({ name: "Before" });
    const res = await call(`/sites/${id}`, { method: "PATCH", origin: "https://evil.example", token: ownerToken, body: { name: "After" } });
    await expectError(res, 403, "ORIGIN_NOT_ALLOWED");
    expect((await json(`/sites/${id}`, 200)).name).toBe("Before");
  });

  it("answers an allowed preflight with 204 and the allowed methods and headers", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), {
      method: "OPTIONS",
      origin: BLOG_ORIGIN,
      headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
    const methods = res.headers.get("Access-Control-Allow-Methods") ?? "";
    for (const m of ["GET", "POST", "PATCH", "DELETE"]) expect(methods).toContain(m);
    const headers = (res.headers.get("Access-Control-Allow-Headers") ?? "").toLowerCase();
    expect(headers).toContain("content-type");
    expect(headers).toContain("authorization");
    expect(res.headers.get("Vary")).toMatch(/\bOrigin\b/);
  });

  it("lets a preflight from any origin through, so the real request's refusal can be read", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { method: "OPTIONS", origin: "https://evil.example", headers: { "Access-Control-Request-Method": "POST" } });
    expect(res.status).toBe(204);
    const post = await call(threadPath(id, "t"), { origin: "https://evil.example", body: comment });
    await expectError(post, 403, "ORIGIN_NOT_ALLOWED");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("answers an unknown site with a 404 the page can read", async () => {
    const res = await call(threadPath("no-such-site", "t"), { origin: "https://evil.example" });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://evil.example");
    await expectError(res, 404, "SITE_NOT_FOUND");
  });

  it("always allows the worker's own origin", async () => {
    const { id } = await createSite({ origins: [] });
    const res = await call(threadPath(id, "t"), { origin: SELF_ORIGIN, body: comment });
    expect(res.status).toBe(201);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(SELF_ORIGIN);
    const preflight = await call(threadPath(id, "t"), { method: "OPTIONS", origin: SELF_ORIGIN });
    expect(preflight.status).toBe(204);
  });

  it("follows a change of the allowed origins at once", async () => {
    const { id, ownerToken } = await createSite({ origins: [BLOG_ORIGIN] });
    const newOrigin = "https://new-home.example";
    await expectError(await call(threadPath(id, "t"), { origin: newOrigin, body: comment }), 403, "ORIGIN_NOT_ALLOWED");
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { origins: [newOrigin], minFillSeconds: 0 } });
    expect((await call(threadPath(id, "t"), { origin: newOrigin, body: comment })).status).toBe(201);
    await expectError(await call(threadPath(id, "t"), { origin: BLOG_ORIGIN, body: comment }), 403, "ORIGIN_NOT_ALLOWED");
  });

  it("judges a request without Origin by its token alone", async () => {
    const { id, ownerToken } = await createSite({ origins: [] });
    expect((await call(threadPath(id, "t"), { body: comment })).status).toBe(201);
    expect((await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { locale: "fr" } })).status).toBe(200);
    await expectError(await call(`/sites/${id}`, { method: "PATCH", body: { locale: "fr" } }), 401, "UNAUTHORIZED");
    const read = await call(threadPath(id, "t"));
    expect(read.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("CORS on errors raised before the route", () => {
  it("sends CORS headers with a 413 to an allowed origin", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), {
      origin: BLOG_ORIGIN,
      rawBody: JSON.stringify({ body: "x".repeat(70_000), authorName: "A" }),
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
  });

  it("sends CORS headers with INVALID_JSON (wrong content type) to an allowed origin", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { origin: BLOG_ORIGIN, rawBody: "{}", headers: { "Content-Type": "text/plain" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
  });
});
