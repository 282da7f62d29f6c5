import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../../worker/contract/errors";
import {
  ADMIN,
  BLOG_ORIGIN,
  call,
  countCommentRows,
  createSite,
  expectError,
  idempotencyKey,
  json,
  lockThread,
  postComment,
  threadPath,
} from "./helpers";

const comment = { body: "Hello", authorName: "Ada" };

describe("error codes", () => {
  it("answers VALIDATION_FAILED with a detail per field", async () => {
    const { id } = await createSite();
    const error = await expectError(await call(threadPath(id, "t"), { body: { body: "" } }), 400, "VALIDATION_FAILED");
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: "body", message: expect.any(String) },
        { field: "authorName", message: "Required." },
      ]),
    );
  });

  it("answers VALIDATION_FAILED naming the body when it is JSON but not an object", async () => {
    const { id } = await createSite();
    const error = await expectError(await call(threadPath(id, "t"), { body: "[1,2,3]" }), 400, "VALIDATION_FAILED");
    expect(error.details?.[0].field).toBe("body");
  });

  it("answers INVALID_JSON to a malformed JSON body", async () => {
    const { id } = await createSite();
    await expectError(await call(threadPath(id, "t"), { body: '{"body": "unterminated' }), 400, "INVALID_JSON");
    // A trailing comma: the JSON is what is wrong, not its media type.
    const comma = await expectError(await call(threadPath(id, "t"), { body: '{"body":"x","authorName":"y",}' }), 400, "INVALID_JSON");
    expect(comma.message).toBe("The request body is not valid JSON.");
    expect(await countCommentRows(id)).toBe(0);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "answers INVALID_JSON to a body sent as %s",
    async (type) => {
      const { id } = await createSite();
      const res = await call(threadPath(id, "t"), { body: JSON.stringify(comment), headers: { "Content-Type": type } });
      await expectError(res, 400, "INVALID_JSON");
      expect(await countCommentRows(id)).toBe(0);
    },
  );

  it("answers INVALID_JSON to a body that is not UTF-8, and stores nothing of it", async () => {
    const { id } = await createSite();
    const json = new TextEncoder().encode(JSON.stringify({ ...comment, authorName: "Bad XX" }));
    // "XX" becomes the bytes FF FE, which no UTF-8 text holds.
    const at = json.findIndex((b, i) => b === 0x58 && json[i + 1] === 0x58);
    json.set([0xff, 0xfe], at);
    const res = await call(threadPath(id, "t"), { method: "POST", rawBody: json, headers: { "Content-Type": "application/json" } });
    const error = await expectError(res, 400, "INVALID_JSON");
    expect(error.message).toContain("UTF-8");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("answers INVALID_JSON naming the encoding to a gzipped body, and stores nothing of it", async () => {
    const { id, ownerToken } = await createSite();
    const gzipped = await new Response(new Blob([JSON.stringify(comment)]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
    const headers = { "Content-Type": "application/json", "Content-Encoding": "GZIP" };
    const error = await expectError(await call(threadPath(id, "t"), { method: "POST", rawBody: gzipped, headers }), 400, "INVALID_JSON");
    expect(error.message).toBe("Send the request body uncompressed: this API does not take 'Content-Encoding: gzip'.");
    expect(await countCommentRows(id)).toBe(0);
    // `identity` is no compression at all.
    const plain = await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, rawBody: JSON.stringify({ name: "Plain" }), headers: { ...headers, "Content-Encoding": "identity" } });
    expect(plain.status).toBe(200);
  });

  it("answers INVALID_JSON to a body without a content type", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { method: "POST", rawBody: new TextEncoder().encode(JSON.stringify(comment)) });
    await expectError(res, 400, "INVALID_JSON");
  });

  it("answers INVALID_JSON to a content type that only starts like JSON, and stores nothing", async () => {
    const { id } = await createSite();
    // What clients copy from elsewhere: a JSON text sequence, a media range list, a typo'd parameter separator.
    for (const type of ["application/json-seq", "application/json, text/plain, */*", "application/json+charset=utf-8"]) {
      const res = await call(threadPath(id, "t"), { body: comment, headers: { "Content-Type": type } });
      const error = await expectError(res, 400, "INVALID_JSON");
      expect(error.message, type).toContain("Content-Type: application/json");
    }
    expect(await countCommentRows(id)).toBe(0);
  });

  it("accepts JSON with a charset parameter", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { body: comment, headers: { "Content-Type": "application/json; charset=utf-8" } });
    expect(res.status).toBe(201);
  });

  it("answers UNAUTHORIZED to an owner route without a token", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/token`, { method: "POST" }), 401, "UNAUTHORIZED");
  });

  it("answers FORBIDDEN to another site's owner token", async () => {
    const { id } = await createSite();
    const other = await createSite();
    await expectError(await call(`/sites/${id}/token`, { method: "POST", token: other.ownerToken }), 403, "FORBIDDEN");
  });

  it("answers ORIGIN_NOT_ALLOWED to a write from a foreign origin", async () => {
    const { id } = await createSite();
    await expectError(await call(threadPath(id, "t"), { body: comment, origin: "https://evil.example" }), 403, "ORIGIN_NOT_ALLOWED");
  });

  it.each(["/nope", "/site", "/v2/health", "http://parley.test/api/v2/health"])("answers NOT_FOUND to the unknown route GET %s", async (path) => {
    await expectError(await call(path), 404, "NOT_FOUND");
  });

  it("answers NOT_FOUND to an unknown route under an existing site", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/nothing-here`), 404, "NOT_FOUND");
  });

  it("answers SITE_NOT_FOUND to an unknown or malformed site id", async () => {
    await expectError(await call("/sites/does-not-exist"), 404, "SITE_NOT_FOUND");
    await expectError(await call("/sites/NOT_A_VALID_ID/counts?threads=a"), 404, "SITE_NOT_FOUND");
    await expectError(await call(threadPath("does-not-exist", "t"), { body: comment }), 404, "SITE_NOT_FOUND");
  });

  it("answers ARTICLE_NOT_FOUND to an unknown article", async () => {
    const { id } = await createSite();
    await expectError(await call(`/sites/${id}/articles/missing`), 404, "ARTICLE_NOT_FOUND");
  });

  it("answers PARENT_NOT_FOUND to a reply to an unknown comment", async () => {
    const { id } = await createSite();
    await expectError(await call(threadPath(id, "t"), { body: { ...comment, parentId: "AAAAAAAAAAAAAAAA" } }), 404, "PARENT_NOT_FOUND");
  });

  it("answers SITE_EXISTS to a taken site id", async () => {
    const { id } = await createSite();
    await expectError(await call("/sites", { token: ADMIN, body: { id, name: "Again" } }), 409, "SITE_EXISTS");
  });

  it("answers THREAD_LOCKED to a comment on a locked thread and stores nothing", async () => {
    const { id } = await createSite();
    await postComment(id, "closing", { body: "Before the lock" });
    await lockThread(id, "closing");
    await expectError(await call(threadPath(id, "closing"), { body: comment }), 409, "THREAD_LOCKED");
    const page = await json(threadPath(id, "closing"), 200);
    expect(page.thread.locked).toBe(true);
    expect(page.total).toBe(1);
    expect(await countCommentRows(id)).toBe(1);
  });

  it("answers THREAD_LOCKED to a reply on a locked thread", async () => {
    const { id } = await createSite();
    const { comment: parent } = await postComment(id, "closing", { body: "Before the lock" });
    await lockThread(id, "closing");
    await expectError(await call(threadPath(id, "closing"), { body: { ...comment, parentId: parent.id } }), 409, "THREAD_LOCKED");
  });

  it("answers THREAD_LOCKED with CORS headers to an allowed origin", async () => {
    const { id } = await createSite();
    await lockThread(id, "closed-from-start");
    const res = await call(threadPath(id, "closed-from-start"), { body: comment, origin: BLOG_ORIGIN });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
    await expectError(res, 409, "THREAD_LOCKED");
  });

  it("answers THREAD_LOCKED to a comment on a thread locked through the owner route", async () => {
    const { id, ownerToken } = await createSite();
    await json(`/sites/${id}/threads/${encodeURIComponent("a/b")}`, 200, { method: "PUT", token: ownerToken, body: { locked: true } });
    await expectError(await call(threadPath(id, "a/b"), { body: comment }), 409, "THREAD_LOCKED");
    expect((await json(threadPath(id, "a/b"), 200)).thread.locked).toBe(true);
  });

  it("answers COMMENT_NOT_FOUND to moderating a comment that does not exist", async () => {
    const { id, ownerToken } = await createSite();
    await expectError(
      await call(`/sites/${id}/moderation/comments/AAAAAAAAAAAAAAAA/approve`, { method: "POST", token: ownerToken }),
      404,
      "COMMENT_NOT_FOUND",
    );
  });

  it("answers INVALID_STATE to an action that cannot apply to the comment's state", async () => {
    const { id, ownerToken } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Rejected, so not pinnable" });
    await json(`/sites/${id}/moderation/comments/${comment.id}/reject`, 200, { method: "POST", token: ownerToken });
    await expectError(await call(`/sites/${id}/moderation/comments/${comment.id}/pin`, { method: "POST", token: ownerToken }), 409, "INVALID_STATE");
  });

  it("answers BANNED to a post by a visibly banned author and stores nothing", async () => {
    const { id, ownerToken } = await createSite();
    await json(`/sites/${id}/bans`, 201, { token: ownerToken, body: { type: "name", value: "Troll", mode: "visible" } });
    await expectError(await call(threadPath(id, "t"), { body: { body: "Hi", authorName: "Troll" } }), 403, "BANNED");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("answers IDEMPOTENCY_KEY_REUSED to a key reused for another comment", async () => {
    const { id } = await createSite();
    const key = idempotencyKey();
    await postComment(id, "t", { body: "One", idempotencyKey: key });
    await expectError(await call(threadPath(id, "t"), { body: { ...comment, body: "Two", idempotencyKey: key } }), 409, "IDEMPOTENCY_KEY_REUSED");
  });

  it("answers PAYLOAD_TOO_LARGE with 413 to a body over 64 KB and stores nothing", async () => {
    const { id } = await createSite();
    const body = JSON.stringify({ ...comment, body: "x".repeat(64 * 1024) });
    await expectError(await call(threadPath(id, "t"), { body }), 413, "PAYLOAD_TOO_LARGE");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("answers PAYLOAD_TOO_LARGE to an article over 1 MB before checking it", async () => {
    const { id, ownerToken } = await createSite();
    const body = JSON.stringify({ title: "Big", body: "y".repeat(1100 * 1024) });
    await expectError(await call(`/sites/${id}/articles/big`, { method: "PUT", token: ownerToken, body }), 413, "PAYLOAD_TOO_LARGE");
    await expectError(await call(`/sites/${id}/articles/big`), 404, "ARTICLE_NOT_FOUND");
  });

  it("publishes a long article of 48,000 characters (112 KB in UTF-8), past the 64 KB limit of other requests", async () => {
    const { id, ownerToken } = await createSite();
    const body = JSON.stringify({ title: "Long read", body: "长文 ".repeat(16_000) });
    const res = await call(`/sites/${id}/articles/long`, { method: "PUT", token: ownerToken, body });
    expect(res.status).toBe(201);
  });

  it("still limits an owner settings change to 64 KB", async () => {
    const { id, ownerToken } = await createSite();
    const body = JSON.stringify({ name: "x".repeat(70 * 1024) });
    await expectError(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body }), 413, "PAYLOAD_TOO_LARGE");
  });

  it("lets a body under 64 KB past the size check, on to validation", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { body: { ...comment, body: "x".repeat(60 * 1024) } });
    // Past the size limit, the comment's own 10,000-character limit applies.
    await expectError(res, 400, "VALIDATION_FAILED");
  });

  it("uses the statuses of the contract for every code", () => {
    expect(ERROR_STATUS).toMatchObject({
      VALIDATION_FAILED: 400,
      INVALID_JSON: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      ORIGIN_NOT_ALLOWED: 403,
      NOT_FOUND: 404,
      SITE_NOT_FOUND: 404,
      ARTICLE_NOT_FOUND: 404,
      COMMENT_NOT_FOUND: 404,
      PARENT_NOT_FOUND: 404,
      BANNED: 403,
      SITE_EXISTS: 409,
      ARTICLE_EXISTS: 409,
      THREAD_LOCKED: 409,
      IDEMPOTENCY_KEY_REUSED: 409,
      INVALID_STATE: 409,
      PAYLOAD_TOO_LARGE: 413,
    });
  });
});

describe("security headers", () => {
  const cases: [string, () => Promise<Response>][] = [
    ["a successful read", async () => call(threadPath((await createSite()).id, "t"))],
    ["a 201", async () => call(threadPath((await createSite()).id, "t"), { body: comment })],
    ["a 404 error", async () => call("/sites/no-such-site")],
    ["an unknown route", async () => call("/nope")],
    ["the health check", async () => call("/health")],
  ];

  it.each(cases)("are present on %s", async (_, send) => {
    const res = await send();
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
  });
});

describe("a route asked with a method it does not take", () => {
  it("answers 405 METHOD_NOT_ALLOWED with the methods it takes in Allow, and 404 where no route is", async () => {
    const { id, ownerToken } = await createSite();
    const cases: [string, string, string][] = [
      ["DELETE", "/health", "GET, HEAD"],
      ["POST", `/sites/${id}/threads/t/feed`, "GET, HEAD"],
      ["DELETE", `/sites/${id}/threads/t/comments`, "GET, HEAD, POST"],
      ["GET", `/sites/${id}/moderation/bulk`, "POST"],
      ["PUT", `/sites/${id}`, "GET, HEAD, PATCH"],
      ["POST", `/sites/${id}/articles/a-post`, "GET, HEAD, PUT, DELETE"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await call(path, { method, token: ownerToken, ...(method === "GET" || method === "DELETE" ? {} : { body: {} }) });
      const error = await expectError(res, 405, "METHOD_NOT_ALLOWED");
      expect(res.headers.get("Allow"), `${method} ${path}`).toBe(allow);
      expect(error.message).toBe(`This route does not take ${method}; it takes ${allow}.`);
    }
    await expectError(await call(`/sites/${id}/no-such-thing`, { token: ownerToken }), 404, "NOT_FOUND");
    await expectError(await call("/no-such-route", { method: "DELETE" }), 404, "NOT_FOUND");
  });
});
