// Request bodies nested like no request of the API: past the 64 KB of most routes (an article's PUT, an import
// batch), JSON.parse of a megabyte of `[[[…` alone takes about 100 ms of CPU, so such a body is refused before it
// is parsed; shallow bodies of the same size still go through.
import { describe, expect, it } from "vitest";
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
    await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: nested(100_000, 1_500_000) }), 400, "INVALID_JSON");
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
