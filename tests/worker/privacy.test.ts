// Privacy and input limits: what D1 keeps about a reader (keyed hashes, never the raw IP; the email only in its
// own column), what public responses never carry, and the size and cleaning rules on what readers send.
import { describe, expect, it } from "vitest";
import { call, countCommentRows, createSite, env, expectError, expectInvalid, idempotencyKey, json, sha256Hex, threadPath } from "./helpers";
import { commentRow, postAs, postOk, readThread, uniqueBody } from "./safety-helpers";

const IP = "203.0.113.7";
const EMAIL = "Secret.Reader@Example.com";

/** Every value of every row of a table for one site, as one lowercased string. */
async function tableText(table: string, siteId: string): Promise<string> {
  const { results } = await env.DB.prepare(`SELECT * FROM ${table} WHERE site_id = ?1`).bind(siteId).all();
  expect(results.length).toBeGreaterThan(0);
  return JSON.stringify(results).toLowerCase();
}

const base64Url = (hex: string) =>
  btoa(String.fromCharCode(...(hex.match(/../g) ?? []).map((h) => parseInt(h, 16))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

describe("what D1 keeps", () => {
  // Since the hardening, author_email stays empty too: the address is kept as a keyed hash and a masked hint.
  it("keeps neither the raw IP address nor the email in any column (author_email stays empty)", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { ip: IP, authorEmail: EMAIL, body: "Private person" });
    const row = await commentRow(id, comment.id);
    expect(row).not.toBeNull();
    for (const [column, value] of Object.entries(row!)) {
      const stored = String(value).toLowerCase();
      expect(stored, column).not.toContain(IP);
      if (column === "author_email") expect(value).toBeNull();
      else {
        expect(stored, column).not.toContain(EMAIL.toLowerCase());
        expect(stored, column).not.toContain("secret.reader");
      }
    }
  });

  it("stores the IP address as a keyed hash, not a plain SHA-256", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { ip: IP, authorEmail: EMAIL });
    const row = await commentRow(id, comment.id);
    const ipHash = String(row?.ip_hash);
    expect(ipHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const plain of [await sha256Hex(IP), await sha256Hex(`ip:${IP}`)]) {
      expect(ipHash).not.toBe(plain);
      expect(ipHash).not.toBe(base64Url(plain));
    }
    const emailHash = String(row?.email_hash);
    expect(emailHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const plain of [await sha256Hex(EMAIL), await sha256Hex(EMAIL.toLowerCase())]) {
      expect(emailHash).not.toBe(plain);
      expect(emailHash).not.toBe(base64Url(plain));
    }
  });

  it("gives the same reader the same hash and different readers different ones", async () => {
    const { id } = await createSite();
    const a = await postOk(id, "t", { ip: IP, authorEmail: EMAIL });
    const b = await postOk(id, "t", { ip: IP, authorEmail: EMAIL.toLowerCase() });
    const c = await postOk(id, "t", { ip: "203.0.113.8", authorEmail: "other@example.com" });
    const [ra, rb, rc] = await Promise.all([a, b, c].map((p) => commentRow(id, p.comment.id)));
    expect(rb?.ip_hash).toBe(ra?.ip_hash);
    expect(rb?.email_hash).toBe(ra?.email_hash);
    expect(rc?.ip_hash).not.toBe(ra?.ip_hash);
    expect(rc?.email_hash).not.toBe(ra?.email_hash);
  });

  it("keeps the raw IP address out of the rate-limit counters and thread rows", async () => {
    const { id } = await createSite({ rateLimits: { readerPerMinute: 5, threadPerMinute: 50, sitePerMinute: 500 } });
    await postOk(id, "t", { ip: IP, authorEmail: EMAIL });
    for (const table of ["rate_counters", "threads", "comments"]) expect(await tableText(table, id), table).not.toContain(IP);
    expect(await tableText("rate_counters", id)).not.toContain("secret.reader");
  });

  it("stores the edit token only as its SHA-256", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t", { ip: IP });
    const row = await commentRow(id, comment.id);
    expect(row?.edit_token_hash).toBe(await sha256Hex(editToken));
    const all = JSON.stringify(row);
    expect(all).not.toContain(editToken);
    expect(all).not.toContain(editToken.slice(3));
  });

  it("stores the edit token of an idempotent post only as its SHA-256 too", async () => {
    const { id } = await createSite();
    const key = idempotencyKey();
    const { comment, editToken } = await postOk(id, "t", { idempotencyKey: key });
    const row = await commentRow(id, comment.id);
    expect(row?.edit_token_hash).toBe(await sha256Hex(editToken));
    expect(JSON.stringify(row)).not.toContain(editToken.slice(3));
  });
});

describe("what public responses carry", () => {
  it("never carries the email: POST, thread, feed, counts, site and the reader's own pending comment", async () => {
    const { id } = await createSite({ maxLinks: 0 });
    const post = await postAs(id, "t", { ip: IP, authorEmail: EMAIL, body: "Published one" });
    expect(post.status).toBe(201);
    const held = await postOk(id, "t", { ip: IP, authorEmail: EMAIL, body: "Held https://x.example" });
    expect(held.comment.status).toBe("pending");

    const own = await call(threadPath(id, "t"), { headers: { "X-Parley-Own": `${held.comment.id}:${held.editToken}` } });
    const ownPage = await own.clone().json<any>();
    expect(ownPage.own.map((c: any) => c.id)).toEqual([held.comment.id]);

    const responses: [string, Response, number][] = [
      ["POST", post, 201],
      ["thread with X-Parley-Own", own, 200],
      ["thread", await call(threadPath(id, "t")), 200],
      ["thread, newest first", await call(`${threadPath(id, "t")}?sort=newest`), 200],
      ["feed", await call(`/sites/${id}/threads/t/feed`), 200],
      ["counts", await call(`/sites/${id}/counts?threads=t`), 200],
      ["site", await call(`/sites/${id}`), 200],
    ];
    for (const [label, res, status] of responses) {
      expect(res.status, label).toBe(status);
      const body = (await res.text()).toLowerCase();
      expect(body, label).not.toContain("secret.reader");
      expect(body, label).not.toContain("example.com");
      expect(body, label).not.toContain(IP);
    }
  });

  it("never carries the hashes, the source text field or the edit token hash", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { ip: IP, authorEmail: EMAIL });
    const text = JSON.stringify(await readThread(id, "t"));
    for (const field of ["ipHash", "emailHash", "ip_hash", "email_hash", "editTokenHash", "authorEmail", "idempotencyKey", "formNonce"]) {
      expect(text).not.toContain(field);
    }
  });

  it("shows a masked hint of the email to the site owner in the moderation queue only", async () => {
    const { id, ownerToken } = await createSite();
    const { comment } = await postOk(id, "t", { authorEmail: EMAIL });
    const queue = await json<{ comments: any[] }>(`/sites/${id}/moderation/comments`, 200, { token: ownerToken });
    expect(queue.comments.find((c) => c.id === comment.id)?.authorEmail).toBe(EMAIL.toLowerCase().replace(/^(.).*(@.*)$/, "$1***$2"));
    await expectError(await call(`/sites/${id}/moderation/comments`), 401, "UNAUTHORIZED");
  });
});

describe("input limits", () => {
  it("accepts a body of 10,000 characters and rejects 10,001 with 400", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "a".repeat(10_000) });
    expect(comment.body).toEqual([{ t: "p", c: [{ t: "text", v: "a".repeat(10_000) }] }]);
    await expectInvalid(await postAs(id, "t", { body: "a".repeat(10_001) }), "body");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("counts characters, not bytes: 10,000 multi-byte characters are fine", async () => {
    const { id } = await createSite();
    await postOk(id, "t", { body: "é".repeat(10_000) });
    await expectInvalid(await postAs(id, "t", { body: "é".repeat(10_001) }), "body");
  });

  it("accepts a name of 80 characters and rejects 81 with 400", async () => {
    const { id } = await createSite();
    expect((await postOk(id, "t", { authorName: "N".repeat(80) })).comment.authorName).toBe("N".repeat(80));
    await expectInvalid(await postAs(id, "t", { authorName: "N".repeat(81) }), "authorName");
  });

  it("applies the same body limit to reader edits", async () => {
    const { id } = await createSite();
    const { comment, editToken } = await postOk(id, "t");
    const edit = (body: string) => call(`/sites/${id}/comments/${comment.id}`, { method: "PATCH", token: editToken, body: { body } });
    expect((await edit("b".repeat(10_000))).status).toBe(200);
    await expectInvalid(await edit("b".repeat(10_001)), "body");
  });

  it("answers 413 PAYLOAD_TOO_LARGE to a request over 64 KB and stores nothing", async () => {
    const { id } = await createSite();
    const res = await call(threadPath(id, "t"), { body: { body: "x".repeat(70_000), authorName: "Big" } });
    await expectError(res, 413, "PAYLOAD_TOO_LARGE");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("answers 413 to an oversized body sent without a Content-Length", async () => {
    // workerd logs "read end of pipe was aborted" here: the worker stops reading the body at the limit, as it should.
    const { id } = await createSite();
    const bytes = new TextEncoder().encode(JSON.stringify({ body: "y".repeat(70_000), authorName: "Streamed" }));
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + 8_192));
        offset += 8_192;
      },
    });
    const res = await call(threadPath(id, "t"), { method: "POST", rawBody: stream, headers: { "Content-Type": "application/json" } });
    await expectError(res, 413, "PAYLOAD_TOO_LARGE");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("draws the request limit at exactly 65,536 bytes", async () => {
    const { id } = await createSite();
    // Trailing spaces are trimmed before the 10,000-character check, so only the byte limit can refuse these.
    const sized = (bytes: number) => {
      const shell = JSON.stringify({ body: "", authorName: "Edge" });
      return JSON.stringify({ body: `Right at the edge${" ".repeat(bytes - shell.length - 17)}`, authorName: "Edge" });
    };
    const send = (raw: string) => call(threadPath(id, "t"), { method: "POST", rawBody: raw, headers: { "Content-Type": "application/json" } });
    expect(new TextEncoder().encode(sized(65_536)).length).toBe(65_536);
    const ok = await send(sized(65_536));
    expect(ok.status, await ok.clone().text()).toBe(201);
    expect((await ok.json<any>()).comment.body).toEqual([{ t: "p", c: [{ t: "text", v: "Right at the edge" }] }]);
    await expectError(await send(sized(65_537)), 413, "PAYLOAD_TOO_LARGE");
    expect(await countCommentRows(id)).toBe(1);
  });

  it("strips control characters from the body and the name", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "he\u0000ll\u0007o\u001B[31m\u007F\u0085 world\u200B", authorName: "Bo\u0000b\u202E" });
    expect(comment.authorName).toBe("Bob");
    expect(comment.body).toEqual([{ t: "p", c: [{ t: "text", v: "hello[31m world" }] }]);
    expect((await commentRow(id, comment.id))?.body_source).toBe("hello[31m world");
  });

  it("normalizes text to NFC", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "caf\u0065\u0301", authorName: "Zoe\u0308" });
    expect(comment.body).toEqual([{ t: "p", c: [{ t: "text", v: "café" }] }]);
    expect(comment.authorName).toBe("Zoë");
    expect((await commentRow(id, comment.id))?.body_source).toBe("caf\u00e9");
  });

  it("rejects a body of only whitespace with 400", async () => {
    const { id } = await createSite();
    await expectInvalid(await postAs(id, "t", { body: " \n\t  \r\n" }), "body");
    await expectInvalid(await postAs(id, "t", { body: "\u200B\u0000 " }), "body");
    expect(await countCommentRows(id)).toBe(0);
  });

  it("rejects an email that is not an address, and one over 254 characters", async () => {
    const { id } = await createSite();
    await expectInvalid(await postAs(id, "t", { authorEmail: "not-an-email" }), "authorEmail");
    await expectInvalid(await postAs(id, "t", { authorEmail: `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com` }), "authorEmail");
    await postOk(id, "t", { authorEmail: "fine@example.com", body: uniqueBody() });
  });
});
