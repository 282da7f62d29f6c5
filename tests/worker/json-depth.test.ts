// Request bodies nested or filled with values like no request of the API: past the 64 KB of most routes (an article's
// PUT, an import batch), JSON.parse of a megabyte of `[[[…` alone takes about 100 ms of CPU, of `[0,0,…]` about 30 ms,
// so such a body is refused before it is parsed; bodies of the same size shaped as the API's requests still go through.
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits";
import { LIMITS } from "../../worker/contract/limits";
import { call, createSite, expectError, importItem } from "./helpers";

/** `{"a": {"a": … 1 …}}`, `depth` objects deep, padded with spaces to `bytes`. */
const nested = (depth: number, bytes: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`.padEnd(bytes, " ");

describe("request bodies nested past the API's depth", () => {
  it("refuses an article PUT and an import batch of a deeply nested megabyte with INVALID_JSON, naming the bound", async () => {
    const { id, ownerToken } = await createSite();
    const article = await call(`/sites/${id}/articles/deep`, { method: "PUT", token: ownerToken, body: `{"title":"t","body":"x","links":${"[".repeat(400_000)}${"]".repeat(400_000)}}` });
    const error = await expectError(article, 400, "INVALID_JSON");
    expect(error.message).toBe(`The request body nests more than ${LIMITS.jsonDepth} levels of arrays and objects.`);
    await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: nested(100_000, 1_000_000) }), 400, "INVALID_JSON");
  });

  it("takes a large import batch nested as every batch is, brackets in its texts, and a small deep body is judged by its schema as before", async () => {
    const { id, ownerToken } = await createSite();
    const threads = Array.from({ length: 200 }, (_, i) => ({ key: `/${"k".repeat(1000)}/${i}/`, locked: true }));
    // Brackets inside strings are text, however many, and so is an escaped quote before them.
    const comment = { ...importItem("/post/", "1", null, "published", "2021-01-01T00:00:00.000Z"), body: `say \\" ${"[[{".repeat(3_000)}` };
    const batch = { comments: [comment], threads };
    expect((await call(`/sites/${id}/import`, { token: ownerToken, body: batch })).status).toBe(200);
    await expectError(await call(`/sites/${id}/articles/preview`, { token: ownerToken, body: nested(1_000, 10_000) }), 400, "VALIDATION_FAILED");
  });
});

describe("request bodies with more values than the API's", () => {
  it("refuses a large body of many small values with INVALID_JSON before it is parsed, naming the bound", async () => {
    const { id, ownerToken } = await createSite();
    const numbers = `{"comments":[${Array(40_000).fill(0).join(",")}]}`;
    const error = await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: numbers }), 400, "INVALID_JSON");
    expect(error.message).toBe(`The request body holds more than ${LIMITS.jsonValues.toLocaleString("en")} values in its arrays and objects: send fewer per request.`);
    const keys = `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":""`).join(",")}}`;
    await expectError(await call(`/sites/${id}/articles/keys`, { method: "PUT", token: ownerToken, body: keys }), 400, "INVALID_JSON");
    // Under 64 KB the schema judges it, as before: parsing that little costs no more than any request.
    const few = `{"comments":[${Array(20_000).fill(0).join(",")}]}`;
    await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: few }), 400, "VALIDATION_FAILED");
  });

  it("takes the largest batch the CLI sends: 50 comments with long fields and their 50 threads", async () => {
    const { id, ownerToken } = await createSite();
    const comments = Array.from({ length: 50 }, (_, i) => ({
      ...importItem(`/${"語".repeat(1000)}/${i}/`, `${"i".repeat(250)}${i}`, null, "published", "2021-01-01T00:00:00.000Z"),
      authorName: "名".repeat(1000),
      body: "😀".repeat(600),
    }));
    const threads = comments.map((c) => ({ key: c.thread, locked: false, createdAt: "2020-12-01T00:00:00.000Z" }));
    const body = JSON.stringify({ comments, threads });
    expect(new TextEncoder().encode(body).length).toBeGreaterThan(400_000);
    const res = await call(`/sites/${id}/import`, { token: ownerToken, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { inserted: number }).inserted).toBe(50);
  });

  it("refuses an import batch over the import route's megabyte with 413 PAYLOAD_TOO_LARGE", async () => {
    const { id, ownerToken } = await createSite();
    const batch = JSON.stringify({ comments: [importItem("/post/", "1", null, "published", "2021-01-01T00:00:00.000Z")] }).padEnd(1_500_000, " ");
    const error = await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: batch }), 413, "PAYLOAD_TOO_LARGE");
    expect(error.message).toBe(`This request is limited to ${IMPORT_LIMITS.requestBytes} bytes.`);
  });
});
