import { describe, expect, it } from "vitest";
import { call, createSite, json, postComment } from "./helpers";

describe("smoke", () => {
  it("answers health without storage", async () => {
    expect(await json("/health", 200)).toEqual({ ok: true });
  });
  it("creates a site and posts a comment", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "a/b", { body: "hello" });
    const page = await json(`/sites/${id}/threads/a%2Fb/comments`, 200);
    expect(page.comments[0].id).toBe(comment.id);
    expect((await call(`/sites/${id}`)).status).toBe(200);
  });
});
