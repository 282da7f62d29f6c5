import { describe, expect, it } from "vitest";
import { ADMIN, call, createSite, expectError, json, putArticle, uniqueSiteId } from "./helpers";

/** Phrases of zod's own English messages; none may reach a client. */
const LIBRARY_WORDING = /Too big|Too small|Invalid input|Invalid option|Invalid string|Invalid (email|ISO)|expected (number|string|boolean|array|object|int)|Unrecognized key/i;

async function invalid(res: Response) {
  const error = await expectError(res, 400, "VALIDATION_FAILED");
  for (const d of error.details ?? []) expect(d.message, d.field).not.toMatch(LIBRARY_WORDING);
  expect(error.message).not.toMatch(LIBRARY_WORDING);
  return error;
}

describe("validation messages", () => {
  it("says limit must be at most 100, in the message and for the field", async () => {
    const { id } = await createSite();
    const error = await invalid(await call(`/sites/${id}/threads/t/comments?limit=500`));
    expect(error.message).toBe("limit must be at most 100.");
    expect(error.details).toEqual([{ field: "limit", message: "Must be at most 100." }]);
    expect((await invalid(await call(`/sites/${id}/articles?limit=0`))).message).toBe("limit must be at least 1.");
    expect((await invalid(await call(`/sites/${id}/articles?limit=2.5`))).message).toBe("limit must be a whole number.");
    expect((await invalid(await call(`/sites/${id}/articles?limit=1e1`))).message).toBe("limit must be a whole number.");
    // A whole number in digits is read, however long or negative, so that the message names the bound it breaks.
    expect((await invalid(await call(`/sites/${id}/articles?limit=9999999999`))).message).toBe("limit must be at most 100.");
    expect((await invalid(await call(`/sites/${id}/articles?limit=-1`))).message).toBe("limit must be at least 1.");
    // Past what a double holds exactly, too, and with leading zeros.
    expect((await invalid(await call(`/sites/${id}/articles?limit=99999999999999999999`))).message).toBe("limit must be at most 100.");
    expect((await invalid(await call(`/sites/${id}/articles?limit=-99999999999999999999`))).message).toBe("limit must be at least 1.");
    expect((await invalid(await call(`/sites/${id}/articles?limit=${"0".repeat(23)}7000`))).message).toBe("limit must be at most 100.");
    expect((await json(`/sites/${id}/articles?limit=${"0".repeat(23)}7`, 200)).articles).toEqual([]);
  });

  it("says a query parameter was given more than once", async () => {
    const { id } = await createSite();
    for (const query of ["limit=100&limit=5", "sort=newest&sort=oldest", "limit=5&limit=5"]) {
      const error = await invalid(await call(`/sites/${id}/threads/t/comments?${query}`));
      expect(error.details, query).toEqual([{ field: query.split("=")[0], message: "Given more than once: send it once." }]);
    }
    // counts' thread= is given once per thread: past the limit, the limit is what it says.
    const many = Array.from({ length: 101 }, (_, i) => `thread=t${i}`).join("&");
    expect((await invalid(await call(`/sites/${id}/counts?${many}`))).details).toEqual([{ field: "thread", message: "At most 100 threads per request." }]);
  });

  it("says a value of the wrong type is that, and nothing a check of the right type would add", async () => {
    const { id } = await createSite();
    const error = await invalid(await call(`/sites/${id}/threads/t/comments`, { method: "POST", body: JSON.stringify({ body: "Hi", authorName: "A", notifyProof: { length: 1e9 } }) }));
    expect(error.details).toEqual([{ field: "notifyProof", message: "Must be a list." }]);
  });

  it("says the request body must be an object when it is JSON of another type", async () => {
    const { id } = await createSite();
    for (const raw of ["[]", '"text"', "5", "null", "[{}]"]) {
      const error = await invalid(await call(`/sites/${id}/threads/t/comments`, { method: "POST", body: raw }));
      expect(error.details, raw).toEqual([{ field: "body", message: "The request body must be a JSON object ({…})." }]);
      expect(error.message, raw).toBe("body: The request body must be a JSON object ({…}).");
    }
  });

  it("lists the allowed values of a choice", async () => {
    const { id } = await createSite();
    const error = await invalid(await call(`/sites/${id}/threads/t/comments?sort=best`));
    expect(error.details).toEqual([{ field: "sort", message: 'Must be one of "oldest", "newest", "top".' }]);
  });

  it("names a missing field, a wrong type and an unknown field in Parley's words", async () => {
    const { id } = await createSite();
    const missing = await invalid(await call(`/sites/${id}/threads/t/comments`, { method: "POST", body: { authorName: "Ada" } }));
    expect(missing.message).toBe("body is required.");
    const wrongType = await invalid(await call(`/sites/${id}/threads/t/comments`, { method: "POST", body: { authorName: 5, body: "Hi" } }));
    expect(wrongType.details).toEqual([{ field: "authorName", message: "Must be a string." }]);
    const several = await invalid(await call(`/sites/${id}/threads/t/comments`, { method: "POST", body: { admin: true } }));
    expect(several.message).toMatch(/ \(and \d+ more in details\)$/);
    expect(several.details).toContainEqual({ field: "admin", message: "Unknown field." });
  });

  it("names an unknown field that is also a name every object has (__proto__, constructor, toString) as any other", async () => {
    const { id, ownerToken } = await createSite();
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      for (const value of ['"s"', "{}", "null"]) {
        const raw = `{"type":"name","value":"x","${key}":${value}}`;
        const error = await invalid(await call(`/sites/${id}/bans`, { method: "POST", token: ownerToken, body: raw }));
        expect(error.details, raw).toEqual([{ field: key, message: "Unknown field." }]);
        expect(error.message, raw).toBe(`${key}: Unknown field.`);
        const patch = await invalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: `{"${key}":${value}}` }));
        expect(patch.details, key).toEqual([{ field: key, message: "Unknown field." }]);
      }
    }
  });

  it("names an unknown field under its object's path, and lists twenty problems of many", async () => {
    const { id, ownerToken } = await createSite();
    const nested = await invalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { rateLimits: { readerPerMinute: 5, burst: 1 } } }));
    expect(nested.details).toContainEqual({ field: "rateLimits.burst", message: "Unknown field." });
    // 3,000 unknown keys, one of them 2,000 characters long: the answer names twenty, each cut to 100 characters.
    const body: Record<string, unknown> = { title: "T", body: "B", ["k".repeat(2_000)]: 1 };
    for (let i = 0; i < 2_999; i++) body[`unknown${i}`] = i;
    const res = await call(`/sites/${id}/articles/many-keys`, { method: "PUT", token: ownerToken, body });
    const text = await res.clone().text();
    const many = await invalid(res);
    expect(text.length).toBeLessThan(4_000);
    expect(many.details).toHaveLength(21);
    expect(many.details?.[0]).toEqual({ field: `${"k".repeat(99)}…`, message: "Unknown field." });
    expect(many.details?.[1]).toEqual({ field: "unknown0", message: "Unknown field." });
    expect(many.details?.[20]).toEqual({ field: "body", message: "2980 more problems, not listed." });
    expect(many.message).toBe("k".repeat(99) + "…: Unknown field. (and 20 more in details)");
  });

  it("words every failure of the site settings and the article without the library's text", async () => {
    const { id, ownerToken } = await createSite();
    const bodies: Record<string, unknown>[] = [
      { editWindowMinutes: -1 },
      { editWindowMinutes: 99_999_999 },
      { moderation: "sometimes" },
      { holdFirstComment: "yes" },
      { origins: "https://a.example" },
      { rateLimits: { readerPerMinute: 1 } },
      { links: [{ network: "myspace", url: "https://x.example" }] },
      { blockedWords: [""] },
      { minFillSeconds: 1.5 },
    ];
    for (const body of bodies) await invalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body }));
    await invalid(await call(`/sites/${id}/articles/a`, { method: "PUT", token: ownerToken, body: { title: "T", body: "B", publishedAt: "soon" } }));
    await invalid(await call("/sites", { method: "POST", token: ADMIN, body: { id: uniqueSiteId("v"), name: "N", authorEmail: "x" } }));
    await invalid(await call(`/sites/${id}/bans`, { method: "POST", token: ownerToken, body: { type: "email", value: "a@b.c", expiresAt: "tomorrow" } }));
    await putArticle(id, ownerToken, "fine", {});
  });

  it("gives a number past its field's limit one bound, the field's own, also past the largest safe integer", async () => {
    const { id, ownerToken } = await createSite();
    for (const [body, field, message] of [
      [{ editWindowMinutes: 1e20 }, "editWindowMinutes", "Must be at most 10080."],
      [{ rateLimits: { readerPerMinute: -1e20, threadPerMinute: 60, sitePerMinute: 300 } }, "rateLimits.readerPerMinute", "Must be at least 0."],
    ] as const) {
      const res = await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body });
      const error = await expectError(res, 400, "VALIDATION_FAILED");
      expect(error.details).toEqual([{ field, message }]);
    }
  });

  it("names the field in the message for what the services check beyond the schemas, as for the rest", async () => {
    const { id, ownerToken } = await createSite();
    const send = (path: string, body: unknown, method = "POST") => call(`/sites/${id}${path}`, { method, token: ownerToken, body });
    const cases: [Response, string][] = [
      [await send("/webhooks", { url: "https://user:pass@hooks.example.com/h", events: ["comment.created"] }), "url must not contain a user name or password"],
      [await send("/webhooks", { url: "ftp://hooks.example.com/h", events: ["comment.created"] }), "url must be "],
      [await send("/bans", { type: "ip", value: "not an address" }), "value "],
      [await send("", { turnstileSecret: "0x4AAAAAAA-secret" }, "PATCH"), "turnstileSiteKey: Set the Turnstile site key together with its secret."],
      [await send("/notifications/mail", { digest: true }, "PUT"), "digest: A digest needs an e-mail address to go to: add one first."],
    ];
    for (const [res, start] of cases) {
      const error = await invalid(res);
      expect(error.message.startsWith(start), error.message).toBe(true);
      expect(error.details).toHaveLength(1);
      expect(error.message).toMatch(new RegExp(`^${error.details![0].field}[ :]`));
    }
  });

  it("tells an empty text once, and text that shows nothing as such", async () => {
    const { id, ownerToken } = await createSite();
    const empty = await invalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: [""], name: "" } }));
    expect(empty.details).toEqual([
      { field: "name", message: "Must not be empty." },
      { field: "blockedWords.0", message: "Must not be empty." },
    ]);
    // The service's problems come along with the schema's, each field named once: the empty word by the schema,
    // the word of accents alone by the service.
    const mixed = await invalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { blockedWords: ["", "\u0301\u0301", "ok"], name: "" } }));
    expect(mixed.details).toEqual([
      { field: "name", message: "Must not be empty." },
      { field: "blockedWords.0", message: "Must not be empty." },
      { field: "blockedWords.1", message: "Matches nothing: matching sets accents and other marks aside, and nothing else is left of it." },
    ]);
    const blank = await invalid(await call(`/sites/${id}`, { method: "PATCH", token: ownerToken, body: { name: "\u2800\u3164" } }));
    expect(blank.details).toEqual([{ field: "name", message: "Must not be empty: it shows nothing." }]);
  });

  it("refuses a comment, an edit or a moderator's edit whose markdown shows nothing: empty code blocks, rules, a link without text", async () => {
    const { id, ownerToken } = await createSite();
    const post = (body: string) => call(`/sites/${id}/threads/t/comments`, { body: { authorName: "Ann", body } });
    for (const body of ["`".repeat(9_999) + "x", "```\n".repeat(20), "```\n```", "    \n---\n***", "[](https://example.com)", "```js\n\u200B\n```"]) {
      const error = await invalid(await post(body));
      expect(error.details, JSON.stringify(body.slice(0, 20))).toEqual([{ field: "body", message: "Must not be empty: it shows nothing." }]);
    }
    // Code with something in it, or a rule with words, shows.
    expect((await post("```\nx\n```")).status).toBe(201);
    const posted = await post("Words\n\n---");
    expect(posted.status).toBe(201);
    const { comment, editToken } = await posted.json<any>();
    const edit = await call(`/sites/${id}/comments/${comment.id}`, { method: "PATCH", token: editToken, body: { body: "```\n```" } });
    expect((await invalid(edit)).details).toEqual([{ field: "body", message: "Must not be empty: it shows nothing." }]);
    const moderated = await call(`/sites/${id}/moderation/comments/${comment.id}`, { method: "PATCH", token: ownerToken, body: { body: "---" } });
    expect((await invalid(moderated)).details).toEqual([{ field: "body", message: "Must not be empty: it shows nothing." }]);
  });
});
