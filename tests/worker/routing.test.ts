// Hono routes with its RegExpRouter (one regular expression per method) only while every route fits it; one that
// does not (a static segment and a parameter in the same place, as two kinds of confirmation link once were) makes
// it fall back to the trie router for every request, which the warm thread GET's profile showed.
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";

describe("routing", () => {
  it("uses Hono's RegExpRouter for the whole route table", () => {
    const app = createApp();
    app.router.match("GET", "/api/v1/health");
    expect((app.router as unknown as { activeRouter: { name: string } }).activeRouter.name).toBe("RegExpRouter");
  });
});

describe("GET /api/v1", () => {
  it("answers the API's base with where its documents are", async () => {
    const { SELF_ORIGIN, call } = await import("./helpers");
    const res = await call(`${SELF_ORIGIN}/api/v1`);
    expect(res.status).toBe(200);
    const index = await res.json<Record<string, string>>();
    expect(index).toEqual({ api: "Parley", version: "v1", docs: "/docs", openapi: "/api/v1/openapi.json", health: "/api/v1/health" });
    // The OpenAPI document is a static asset (built by npm run build), which the worker's own fetch does not serve.
    for (const doc of [index.docs, index.health]) expect((await call(`${SELF_ORIGIN}${doc}`)).status, doc).toBe(200);
  });
});
