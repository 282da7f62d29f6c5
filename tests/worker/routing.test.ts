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
