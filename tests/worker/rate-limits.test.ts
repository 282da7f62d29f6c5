// Rate limits on the comment POST: per reader (by IP address), per thread and per site, in fixed one-minute
// windows. The clock is frozen inside a minute so that no window rolls over during a test.
import { describe, expect, it } from "vitest";
import { checkRateCounts } from "../../worker/services/admission";
import { BLOG_ORIGIN, call, countCommentRows, createSite, expectError, threadPath } from "./helpers";
import { MINUTE_MS, freezeClock, patchSite, postAs, postOk, readThread, secondsIntoMinute } from "./safety-helpers";

const OFF = { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 0 };

describe("per reader", () => {
  it("answers the (N+1)th post in a minute from one IP address with 429 RATE_LIMITED and Retry-After", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 2 } });
    freezeClock(secondsIntoMinute(15));
    await postOk(id, "t", { ip: "203.0.113.1" });
    await postOk(id, "t", { ip: "203.0.113.1" });
    const res = await postAs(id, "t", { ip: "203.0.113.1" });
    const retryAfter = res.headers.get("Retry-After");
    await expectError(res, 429, "RATE_LIMITED");
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBe(45);
    expect(await countCommentRows(id)).toBe(2);
  });

  it("gives a Retry-After between 1 and 60 seconds wherever the minute is", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    const clock = freezeClock(secondsIntoMinute(0));
    const seen: number[] = [];
    for (const [i, at] of [0, 0.5, 30, 59.2, 59.999].entries()) {
      clock.set(secondsIntoMinute(0) + i * MINUTE_MS + at * 1000);
      const ip = `203.0.113.${10 + i}`;
      await postOk(id, "t", { ip });
      const res = await postAs(id, "t", { ip });
      expect(res.status).toBe(429);
      seen.push(Number(res.headers.get("Retry-After")));
    }
    expect(seen).toEqual([60, 60, 30, 1, 1]);
  });

  it("does not limit another IP address", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    freezeClock(secondsIntoMinute(20));
    await postOk(id, "t", { ip: "203.0.113.20" });
    await expectError(await postAs(id, "t", { ip: "203.0.113.20" }), 429, "RATE_LIMITED");
    await postOk(id, "t", { ip: "203.0.113.21" });
    await postOk(id, "t", { ip: "2001:db8::1" });
  });

  it("limits one reader across the threads of a site", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 2 } });
    freezeClock(secondsIntoMinute(20));
    await postOk(id, "a", { ip: "203.0.113.22" });
    await postOk(id, "b", { ip: "203.0.113.22" });
    await expectError(await postAs(id, "c", { ip: "203.0.113.22" }), 429, "RATE_LIMITED");
  });

  it("lets the reader post again in the next minute", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    const clock = freezeClock(secondsIntoMinute(50));
    await postOk(id, "t", { ip: "203.0.113.23" });
    const res = await postAs(id, "t", { ip: "203.0.113.23" });
    const retryAfter = Number(res.headers.get("Retry-After"));
    await expectError(res, 429, "RATE_LIMITED");
    clock.advance(retryAfter * 1000);
    await postOk(id, "t", { ip: "203.0.113.23" });
  });

  it("keeps counting refused posts, so hammering does not open the window early", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 2 } });
    freezeClock(secondsIntoMinute(10));
    await postOk(id, "t", { ip: "203.0.113.24" });
    await postOk(id, "t", { ip: "203.0.113.24" });
    for (let i = 0; i < 3; i++) expect((await postAs(id, "t", { ip: "203.0.113.24" })).status).toBe(429);
    expect(await countCommentRows(id)).toBe(2);
  });

  it("limits one site's readers without touching another site", async () => {
    const one = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    const two = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    freezeClock(secondsIntoMinute(20));
    await postOk(one.id, "t", { ip: "203.0.113.25" });
    await expectError(await postAs(one.id, "t", { ip: "203.0.113.25" }), 429, "RATE_LIMITED");
    await postOk(two.id, "t", { ip: "203.0.113.25" });
  });
});

describe("per thread", () => {
  it("caps a flood from a pool of IP addresses on one thread", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, threadPerMinute: 3 } });
    freezeClock(secondsIntoMinute(20));
    for (let i = 1; i <= 3; i++) await postOk(id, "hot", { ip: `198.18.0.${i}` });
    for (let i = 4; i <= 8; i++) {
      const res = await postAs(id, "hot", { ip: `198.18.0.${i}` });
      expect(res.headers.get("Retry-After")).toBe("40");
      await expectError(res, 429, "RATE_LIMITED");
    }
    expect((await readThread(id, "hot")).total).toBe(3);
  });

  it("leaves the site's other threads open", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, threadPerMinute: 1 } });
    freezeClock(secondsIntoMinute(20));
    await postOk(id, "hot", { ip: "198.18.1.1" });
    await expectError(await postAs(id, "hot", { ip: "198.18.1.2" }), 429, "RATE_LIMITED");
    await postOk(id, "calm", { ip: "198.18.1.3" });
  });

  it("counts only stored comments against the site, so a flood one thread refuses leaves the others open", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, threadPerMinute: 3, sitePerMinute: 5 } });
    freezeClock(secondsIntoMinute(20));
    // 3 stored and 12 refused on one thread, in parallel: the site has stored 3 of its 5.
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => postAs(id, "hot", { ip: `198.18.4.${i + 1}` })));
    expect(answers.map((r) => r.status).sort()).toEqual([...Array(3).fill(201), ...Array(12).fill(429)]);
    await postOk(id, "calm", { ip: "198.18.4.100" });
    await postOk(id, "calm", { ip: "198.18.4.101" });
    await expectError(await postAs(id, "calm", { ip: "198.18.4.102" }), 429, "RATE_LIMITED");
    expect(await countCommentRows(id)).toBe(5);
  });

  it("caps posts that carry no IP address at all", async () => {
    const { id } = await createSite({ rateLimits: { readerPerMinute: 1, threadPerMinute: 2, sitePerMinute: 0 } });
    freezeClock(secondsIntoMinute(20));
    await postOk(id, "t");
    await postOk(id, "t");
    await expectError(await postAs(id, "t"), 429, "RATE_LIMITED");
  });
});

describe("per site", () => {
  it("caps posts across all the threads of a site", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, sitePerMinute: 3 } });
    freezeClock(secondsIntoMinute(20));
    for (let i = 1; i <= 3; i++) await postOk(id, `thread-${i}`, { ip: `198.18.2.${i}` });
    await expectError(await postAs(id, "thread-4", { ip: "198.18.2.4" }), 429, "RATE_LIMITED");
    await expectError(await postAs(id, "thread-1", { ip: "198.18.2.5" }), 429, "RATE_LIMITED");
    expect(await countCommentRows(id)).toBe(3);
  });

  it("does not count another site's posts", async () => {
    const busy = await createSite({ rateLimits: { ...OFF, sitePerMinute: 1 } });
    const quiet = await createSite({ rateLimits: { ...OFF, sitePerMinute: 1 } });
    freezeClock(secondsIntoMinute(20));
    await postOk(busy.id, "t", { ip: "198.18.3.1" });
    await expectError(await postAs(busy.id, "t", { ip: "198.18.3.2" }), 429, "RATE_LIMITED");
    await postOk(quiet.id, "t", { ip: "198.18.3.3" });
  });
});

describe("turning limits off", () => {
  it("never limits when every limit is 0", async () => {
    const { id } = await createSite({ rateLimits: OFF });
    freezeClock(secondsIntoMinute(20));
    for (let i = 0; i < 8; i++) await postOk(id, "t", { ip: "203.0.113.99" });
    expect(await countCommentRows(id)).toBe(8);
  });

  it("turns off only the limit that is 0", async () => {
    const { id } = await createSite({ rateLimits: { readerPerMinute: 0, threadPerMinute: 0, sitePerMinute: 4 } });
    freezeClock(secondsIntoMinute(20));
    for (let i = 0; i < 4; i++) await postOk(id, "t", { ip: "203.0.113.98" });
    await expectError(await postAs(id, "t", { ip: "203.0.113.98" }), 429, "RATE_LIMITED");
  });

  it("applies a limit the owner turns on later", async () => {
    const { id, ownerToken } = await createSite({ rateLimits: OFF });
    freezeClock(secondsIntoMinute(20));
    await postOk(id, "t", { ip: "203.0.113.97" });
    await patchSite(id, ownerToken, { rateLimits: { ...OFF, readerPerMinute: 1 } });
    await postOk(id, "t", { ip: "203.0.113.97" });
    await expectError(await postAs(id, "t", { ip: "203.0.113.97" }), 429, "RATE_LIMITED");
  });
});

describe("the 429 response", () => {
  it("has the standard error shape, a message naming the wait and a Retry-After header", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    freezeClock(secondsIntoMinute(42));
    await postOk(id, "t", { ip: "203.0.113.60" });
    const res = await postAs(id, "t", { ip: "203.0.113.60" });
    expect(res.headers.get("Retry-After")).toBe("18");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const error = await expectError(res, 429, "RATE_LIMITED");
    expect(error.message).toContain("18 seconds");
  });

  it("exposes Retry-After to an allowed browser origin", async () => {
    const { id } = await createSite({ rateLimits: { ...OFF, readerPerMinute: 1 } });
    freezeClock(secondsIntoMinute(30));
    await postOk(id, "t", { ip: "203.0.113.61" });
    const res = await call(threadPath(id, "t"), {
      origin: BLOG_ORIGIN,
      headers: { "CF-Connecting-IP": "203.0.113.61" },
      body: { body: "From the blog", authorName: "Reader" },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG_ORIGIN);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("Retry-After");
    expect(res.headers.get("Retry-After")).toBe("30");
  });
});

describe("the RATE_LIMITED message", () => {
  it("says how long to wait in words that agree with the number", () => {
    const over = () => [{ key: "k", limit: 1 }];
    const message = (secondsLeft: number) => {
      try {
        checkRateCounts(over(), [2], 1_000 * MINUTE_MS - secondsLeft * 1000 + 1);
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(message(1)).toBe("Too many comments right now. Try again in 1 second.");
    expect(message(30)).toBe("Too many comments right now. Try again in 30 seconds.");
  });
});
