import { describe, expect, it } from "vitest";
import { createSite, expectError, call, json, postComment, threadPath } from "./helpers";

describe("long reply chains", () => {
  it("shows 50 replies under a top-level comment and pages through the rest with its cursor", async () => {
    const { id } = await createSite();
    const root = (await postComment(id, "t", { body: "root" })).comment;
    const replies: string[] = [];
    for (let n = 0; n < 55; n++) {
      replies.push((await postComment(id, "t", { body: `reply ${n}`, parentId: n % 2 ? replies[n - 1] ?? root.id : root.id })).comment.id);
      await new Promise((r) => setTimeout(r, 2));
    }
    const page = await json(threadPath(id, "t"), 200);
    const shown = JSON.stringify(page.comments).match(/reply \d+/g) ?? [];
    expect(shown).toHaveLength(50);
    expect(page.comments[0].moreReplies).toEqual(expect.any(String));
    const more = await json(`${threadPath(id, "t")}/${root.id}/replies?cursor=${page.comments[0].moreReplies}`, 200);
    expect(more.replies.map((r: any) => r.body[0].c[0].v)).toEqual(["reply 50", "reply 51", "reply 52", "reply 53", "reply 54"]);
    expect(more.replies.every((r: any) => typeof r.parentId === "string")).toBe(true);
    expect(more.nextCursor).toBeNull();
  });

  it("gives no cursor when every reply fits", async () => {
    const { id } = await createSite();
    const root = (await postComment(id, "t", { body: "root" })).comment;
    await postComment(id, "t", { body: "only reply", parentId: root.id });
    expect((await json(threadPath(id, "t"), 200)).comments[0].moreReplies).toBeNull();
  });

  it("pages with a limit, and refuses a reply or another thread's comment as the root", async () => {
    const { id } = await createSite();
    const root = (await postComment(id, "t", { body: "root" })).comment;
    const reply = (await postComment(id, "t", { body: "a", parentId: root.id })).comment;
    await postComment(id, "t", { body: "b", parentId: root.id });
    const first = await json(`${threadPath(id, "t")}/${root.id}/replies?limit=1`, 200);
    expect(first.replies).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    await expectError(await call(`${threadPath(id, "t")}/${reply.id}/replies`), 404, "COMMENT_NOT_FOUND");
    await expectError(await call(`${threadPath(id, "other")}/${root.id}/replies`), 404, "COMMENT_NOT_FOUND");
  });
});
