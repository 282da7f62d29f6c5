// Form tokens: the thread GET hands out a signed, expiring token that the POST sends back. While a site's
// minFillSeconds > 0 it is required, proves the minimum fill time and is good for one comment.
import { describe, expect, it } from "vitest";
import { countCommentRows, createSite, expectError, idempotencyKey } from "./helpers";
import {
  DAY_MS,
  TEST_SECRET,
  decodeFormToken,
  formTokenFor,
  freezeClock,
  patchSite,
  postAs,
  postOk,
  secondsIntoMinute,
  signFormToken,
  uniqueBody,
} from "./safety-helpers";

/** Flips one character of a string at `index` to another base64url character. */
function flip(value: string, index: number): string {
  const ch = value[index] === "A" ? "B" : "A";
  return value.slice(0, index) + ch + value.slice(index + 1);
}

describe("issuing", () => {
  it("returns a signed form token bound to the site and thread with the thread page", async () => {
    const { id } = await createSite({ minFillSeconds: 3 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "post/1");
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const claims = decodeFormToken(token);
    expect(claims).toMatchObject({ site: id, thread: "post/1", issuedAt: clock.now() });
    expect(claims.nonce).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("returns a fresh token on every read", async () => {
    const { id } = await createSite({ minFillSeconds: 3 });
    const a = await formTokenFor(id, "t");
    const b = await formTokenFor(id, "t");
    expect(a).not.toBe(b);
    expect(decodeFormToken(a).nonce).not.toBe(decodeFormToken(b).nonce);
  });

  it("returns a token even when the site does not ask for one", async () => {
    const { id } = await createSite({ minFillSeconds: 0 });
    expect(decodeFormToken(await formTokenFor(id, "t")).site).toBe(id);
  });
});

describe("checking, while minFillSeconds > 0", () => {
  it("refuses a post without a form token with 400 FORM_TOKEN_INVALID", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    await expectError(await postAs(id, "t"), 400, "FORM_TOKEN_INVALID");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("tells an API client how to get a form token and how long to wait", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const error = await expectError(await postAs(id, "t"), 400, "FORM_TOKEN_INVALID");
    expect(error.message).toContain(`GET /api/v1/sites/${id}/threads/t/comments first and send its formToken`);
    expect(error.message).toContain("at least 2 s later");
    // A path's key is named as the address spells it; one too long to read stays a placeholder.
    const onPath = await expectError(await postAs(id, "/2026/caf\u00E9/"), 400, "FORM_TOKEN_INVALID");
    expect(onPath.message).toContain(`GET /api/v1/sites/${id}/threads/%2F2026%2Fcaf%C3%A9%2F/comments first`);
    const long = await expectError(await postAs(id, `/${"x".repeat(300)}/`), 400, "FORM_TOKEN_INVALID");
    expect(long.message).toContain(`GET /api/v1/sites/${id}/threads/{thread}/comments first`);
  });

  it("answers each post with a fresh token for the reader's next post, which it takes once the fill time passed", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const first = await formTokenFor(id, "t");
    clock.advance(3_000);
    const posted = await postOk(id, "t", { formToken: first });
    const next = posted.formToken;
    expect(decodeFormToken(next)).toMatchObject({ site: id, thread: "t", issuedAt: clock.now() });
    // As any token: too early first, then taken.
    await expectError(await postAs(id, "t", { formToken: next }), 400, "TOO_FAST");
    clock.advance(3_000);
    await postOk(id, "t", { formToken: next });
  });

  it("refuses a token whose signature was changed", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(5_000);
    await expectError(await postAs(id, "t", { formToken: flip(token, token.length - 5) }), 400, "FORM_TOKEN_INVALID");
    await expectError(await postAs(id, "t", { formToken: token.split(".")[0] }), 400, "FORM_TOKEN_INVALID");
    await expectError(await postAs(id, "t", { formToken: "not-a-token" }), 400, "FORM_TOKEN_INVALID");
    expect(await countCommentRows(id)).toBe(0);
    // The genuine token still works.
    await postOk(id, "t", { formToken: token });
  });

  it("refuses a token whose claims were changed without re-signing", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    const [, signature] = token.split(".");
    const older = await signFormToken({ ...decodeFormToken(token), issuedAt: clock.now() - 60_000 });
    const tampered = `${older.split(".")[0]}.${signature}`;
    await expectError(await postAs(id, "t", { formToken: tampered }), 400, "FORM_TOKEN_INVALID");
  });

  it("refuses a token signed with another key", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const forged = await signFormToken({ site: id, thread: "t", issuedAt: Date.now() - 60_000, nonce: "forgedNonce12345" }, "not-the-secret");
    await expectError(await postAs(id, "t", { formToken: forged }), 400, "FORM_TOKEN_INVALID");
  });

  it("refuses a token issued for another thread of the same site", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "thread-a");
    clock.advance(5_000);
    await expectError(await postAs(id, "thread-b", { formToken: token }), 400, "FORM_TOKEN_INVALID");
    await postOk(id, "thread-a", { formToken: token });
  });

  it("refuses a token issued by another site for the same thread key", async () => {
    const one = await createSite({ minFillSeconds: 2 });
    const two = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(one.id, "t");
    clock.advance(5_000);
    await expectError(await postAs(two.id, "t", { formToken: token }), 400, "FORM_TOKEN_INVALID");
    expect(await countCommentRows(two.id)).toBe(0);
  });

  it("refuses a post sent sooner than minFillSeconds with 400 TOO_FAST, and takes the same token later", async () => {
    const { id } = await createSite({ minFillSeconds: 3 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    const body = uniqueBody();
    clock.advance(2_500);
    const error = await expectError(await postAs(id, "t", { formToken: token, body }), 400, "TOO_FAST");
    expect(error.message).toMatch(/\d+ more second/);
    expect(await countCommentRows(id)).toBe(0);
    clock.advance(500);
    const { comment } = await postOk(id, "t", { formToken: token, body });
    expect(comment.status).toBe("published");
  });

  it("tells a post sent too soon how long to wait, in its details and in Retry-After", async () => {
    const { id } = await createSite({ minFillSeconds: 5 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(1_200);
    const res = await postAs(id, "t", { formToken: token });
    expect(res.headers.get("Retry-After")).toBe("4");
    const error = await expectError(res, 400, "TOO_FAST");
    expect(error.details).toContainEqual(expect.objectContaining({ field: "retryAfterSeconds", retryAfterSeconds: 4 }));
    expect(error.message).toContain("4 more seconds");
    clock.advance(3_500);
    const late = await postAs(id, "t", { formToken: token });
    expect(late.headers.get("Retry-After")).toBe("1");
    expect((await expectError(late, 400, "TOO_FAST")).details).toContainEqual(expect.objectContaining({ retryAfterSeconds: 1 }));
    clock.advance(500);
    await postOk(id, "t", { formToken: token });
  });

  it("accepts a post once the minimum fill time has really passed", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const token = await formTokenFor(id, "t");
    await expectError(await postAs(id, "t", { formToken: token }), 400, "TOO_FAST");
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await postOk(id, "t", { formToken: token });
  });

  it("takes a token once: a second comment with it is 400 FORM_TOKEN_INVALID", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(3_000);
    await postOk(id, "t", { formToken: token, body: "First with this form" });
    await expectError(await postAs(id, "t", { formToken: token, body: "Second with this form" }), 400, "FORM_TOKEN_INVALID");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("takes a token once even when two posts race with it", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(3_000);
    const results = await Promise.all([
      postAs(id, "t", { formToken: token, body: "Racing one", ip: "203.0.113.50" }),
      postAs(id, "t", { formToken: token, body: "Racing two", ip: "203.0.113.51" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    await expectError(results.find((r) => r.status === 400)!, 400, "FORM_TOKEN_INVALID");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("answers an idempotent retry with the same key and token with the same comment", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(3_000);
    const key = idempotencyKey();
    const first = await postAs(id, "t", { formToken: token, idempotencyKey: key, body: "Retry me" });
    expect(first.status).toBe(201);
    const retry = await postAs(id, "t", { formToken: token, idempotencyKey: key, body: "Retry me" });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    const [a, b] = [await first.json<any>(), await retry.json<any>()];
    expect(b.comment.id).toBe(a.comment.id);
    expect(b.editToken).toBe(a.editToken);
    expect(await countCommentRows(id)).toBe(1);
    // A new key with the spent token is a new comment, and refused.
    await expectError(await postAs(id, "t", { formToken: token, idempotencyKey: idempotencyKey(), body: "Retry me" }), 400, "FORM_TOKEN_INVALID");
  });

  it("refuses a token older than 24 hours", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(DAY_MS + 1_000);
    const error = await expectError(await postAs(id, "t", { formToken: token }), 400, "FORM_TOKEN_INVALID");
    expect(error.message).toMatch(/expired/i);
  });

  it("takes the token of a thread whose key is the longest a page's path may be, as a Chinese blog's paths are", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    // The default key is the page's path as the browser spells it: 26 Chinese characters are 244 characters, and a
    // token for it (487 characters) was refused as longer than 400, so nobody could comment there.
    const slug = encodeURIComponent("美国空袭伊朗支持的民兵组织".repeat(2));
    const longest = "中".repeat(1024);
    for (const thread of [`/2026/12/${slug}/`, `/${"文章".repeat(60)}/${slug}`.slice(0, 1024), longest]) {
      const token = await formTokenFor(id, thread);
      clock.advance(3_000);
      const { comment } = await postOk(id, thread, { formToken: token, authorName: "读者", body: uniqueBody("很好的文章") });
      expect(comment.status, thread).toBe("published");
    }
  });

  it("accepts a token just under 24 hours old", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(DAY_MS - 1_000);
    await postOk(id, "t", { formToken: token });
  });

  it("refuses a correctly signed token whose issue time is more than 24 hours ago", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const stale = await signFormToken({ site: id, thread: "t", issuedAt: Date.now() - DAY_MS - 60_000, nonce: "staleNonce123456" }, TEST_SECRET);
    await expectError(await postAs(id, "t", { formToken: stale }), 400, "FORM_TOKEN_INVALID");
    // The same claims a minute old pass: the signature is right and only the age failed.
    const fresh = await signFormToken({ site: id, thread: "t", issuedAt: Date.now() - 60_000, nonce: "freshNonce123456" }, TEST_SECRET);
    await postOk(id, "t", { formToken: fresh });
  });

  it("checks the token on replies too", async () => {
    const { id } = await createSite({ minFillSeconds: 2 });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(3_000);
    const parent = await postOk(id, "t", { formToken: token });
    await expectError(await postAs(id, "t", { parentId: parent.comment.id }), 400, "FORM_TOKEN_INVALID");
  });
});

describe("a retry with the same token and idempotency key", () => {
  const OFF = { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 };

  it("is answered with the same comment while its first attempt still runs, and another post reusing the token is not", async () => {
    const { id } = await createSite({ minFillSeconds: 2, rateLimits: OFF });
    const clock = freezeClock();
    const token = await formTokenFor(id, "t");
    clock.advance(3_000);
    const post = { formToken: token, idempotencyKey: idempotencyKey(), body: uniqueBody(), ip: "203.0.113.60" };
    const answers = await Promise.all(Array.from({ length: 6 }, () => postAs(id, "t", post)));
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status), texts.join("\n")).toEqual(Array(6).fill(201));
    const results = texts.map((t) => JSON.parse(t));
    expect(new Set(results.map((r) => r.comment.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.editToken)).size).toBe(1);
    expect(answers.filter((r) => r.headers.get("Idempotent-Replayed") === "true")).toHaveLength(5);
    expect(await countCommentRows(id)).toBe(1);
    await expectError(await postAs(id, "t", { ...post, idempotencyKey: idempotencyKey(), body: uniqueBody() }), 400, "FORM_TOKEN_INVALID");
    await expectError(await postAs(id, "t", { formToken: token, ip: post.ip }), 400, "FORM_TOKEN_INVALID");
  });

  it("goes through once what refused its first attempt has passed (a full thread's minute)", async () => {
    const { id } = await createSite({ minFillSeconds: 2, rateLimits: { ...OFF, threadPerMinute: 1 } });
    const clock = freezeClock(secondsIntoMinute(20));
    const [token, other] = [await formTokenFor(id, "t"), await formTokenFor(id, "t")];
    clock.advance(3_000);
    await postOk(id, "t", { formToken: other, ip: "203.0.113.62" });
    const post = { formToken: token, idempotencyKey: idempotencyKey(), body: uniqueBody(), ip: "203.0.113.61" };
    await expectError(await postAs(id, "t", post), 429, "RATE_LIMITED");
    clock.advance(60_000);
    const retried = await postOk(id, "t", post);
    expect(retried.comment.status).toBe("published");
    expect(await countCommentRows(id)).toBe(2);
  });
});

describe("with minFillSeconds 0", () => {
  it("needs no form token", async () => {
    const { id } = await createSite({ minFillSeconds: 0 });
    await postOk(id, "t");
    await postOk(id, "t");
    expect(await countCommentRows(id)).toBe(2);
  });

  it("starts checking as soon as the owner turns the fill time on", async () => {
    const { id, ownerToken } = await createSite({ minFillSeconds: 0 });
    await postOk(id, "t");
    await patchSite(id, ownerToken, { minFillSeconds: 2 });
    await expectError(await postAs(id, "t"), 400, "FORM_TOKEN_INVALID");
  });
});
