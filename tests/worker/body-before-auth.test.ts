// The routes that take bodies past 64 KB (an import batch, an article's PUT and preview) check the owner token before
// the body is read: without it, megabytes cost the worker nothing, and a body too large, too deep or not UTF-8 is
// answered as every request without the token is, 401. With the token, the body is judged as before.
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits";
import { LIMITS } from "../../worker/contract/limits";
import { ADMIN, BLOG_ORIGIN, call, createSite, expectError, importItem } from "./helpers";

/** `{"a": {"a": … 1 …}}`, `depth` objects deep, padded with spaces to `bytes`: past the depth the API takes. */
const deep = (depth: number, bytes: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`.padEnd(bytes, " ");
/** Bytes that are no UTF-8: the worker refuses them as soon as it decodes them. */
const notUtf8 = (bytes: number) => new Uint8Array(bytes).fill(0xff);
const jsonType = { "Content-Type": "application/json" };

describe("large bodies before the owner token", () => {
  it("answers an import without a token 401, however large, deep or undecodable its body", async () => {
    const { id } = await createSite();
    const tooLarge = await call(`/sites/${id}/import`, { body: " ".repeat(IMPORT_LIMITS.requestBytes + 1) });
    const error = await expectError(tooLarge, 401, "UNAUTHORIZED");
    expect(error.message).toBe("Send the site's owner token as 'Authorization: Bearer <token>'.");
    await expectError(await call(`/sites/${id}/import`, { body: deep(20_000, 100_000) }), 401, "UNAUTHORIZED");
    const undecodable = await call(`/sites/${id}/import`, { method: "POST", headers: jsonType, rawBody: notUtf8(IMPORT_LIMITS.requestBytes) });
    await expectError(undecodable, 401, "UNAUTHORIZED");
    await expectError(await call(`/sites/${id}/import`, { token: "not-a-token", body: deep(20_000, 100_000) }), 401, "UNAUTHORIZED");
  });

  it("answers an article's PUT and preview without a token 401 before reading a deep body", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/articles/deep`, { method: "PUT", body: deep(20_000, 100_000) }), 401, "UNAUTHORIZED");
    await expectError(await call(`/sites/${id}/articles/preview`, { body: deep(20_000, 100_000) }), 401, "UNAUTHORIZED");
    const tooLarge = await call(`/sites/${id}/articles/big`, { method: "PUT", body: " ".repeat(LIMITS.articleRequestBytes + 1) });
    await expectError(tooLarge, 401, "UNAUTHORIZED");
  });

  it("answers another site's owner token and the admin token 403, as the owner routes do", async () => {
    const { id } = await createSite();
    const other = await createSite();
    await expectError(await call(`/sites/${id}/import`, { token: other.ownerToken, body: deep(20_000, 100_000) }), 403, "FORBIDDEN");
    await expectError(await call(`/sites/${id}/articles/a`, { method: "PUT", token: ADMIN, body: deep(20_000, 100_000) }), 403, "FORBIDDEN");
  });

  it("keeps the site's CORS answers: an unknown site is 404, a foreign origin 403, an allowed one reads the 401", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/no-such-site-here/import`, { body: deep(20_000, 100_000) }), 404, "SITE_NOT_FOUND");
    await expectError(await call(`/sites/${id}/import`, { origin: "https://elsewhere.example", body: deep(20_000, 100_000) }), 403, "ORIGIN_NOT_ALLOWED");
    const allowed = await call(`/sites/${id}/import`, { origin: BLOG_ORIGIN, body: deep(20_000, 100_000) });
    await expectError(allowed, 401, "UNAUTHORIZED");
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
  });

  it("judges the body of the owner's requests as before: too large 413, too deep or not UTF-8 400, a batch imported", async () => {
    const { id, ownerToken } = await createSite();
    await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: " ".repeat(IMPORT_LIMITS.requestBytes + 1) }), 413, "PAYLOAD_TOO_LARGE");
    await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: deep(20_000, 100_000) }), 400, "INVALID_JSON");
    const undecodable = await call(`/sites/${id}/import`, { token: ownerToken, method: "POST", headers: jsonType, rawBody: notUtf8(100_000) });
    await expectError(undecodable, 400, "INVALID_JSON");
    await expectError(await call(`/sites/${id}/articles/deep`, { method: "PUT", token: ownerToken, body: deep(20_000, 100_000) }), 400, "INVALID_JSON");
    // Over 64 KB in bytes though not in characters (33,000 two-byte letters): judged by its bytes, as the limit says.
    const cyrillic = `{"title":"T","body":"${"я".repeat(33_000)}","links":${"[".repeat(40)}${"]".repeat(40)}}`;
    const nested = await expectError(await call(`/sites/${id}/articles/deep`, { method: "PUT", token: ownerToken, body: cyrillic }), 400, "INVALID_JSON");
    expect(nested.message).toMatch(/^The request body nests more than \d+ levels/);
    const batch = { comments: [importItem("/post/", "1", null, "published", "2021-01-01T00:00:00.000Z")] };
    const res = await call(`/sites/${id}/import`, { token: ownerToken, body: batch });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { inserted: number }).inserted).toBe(1);
  });
});
