// Comment and ban ids are typed after CLI commands (`parley comments spam ID`): none may start like an option.
import { describe, expect, it } from "vitest";
import { newId } from "../../worker/lib/crypto";
import { createSite, postComment } from "./helpers";

describe("ids", () => {
  it("never start with '-' or '_', and keep 16 URL-safe characters", () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("are what a posted comment gets", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "An id to type" });
    expect(comment.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
  });
});
