// The CLI's numeric options share one strict parser: digits only (thousands may be parted by `_` or `,`), within
// the option's range. What parseInt would have read as another number (`1e5` as 1, `10abc` as 10) is a usage error
// naming the option, exit 2, before any request.
import { describe, expect, it } from "vitest";
import { adminToken, api, createSite, parley, parleyJson } from "./harness";

/** Values that are not a whole number as typed, each of which parseInt reads as one. */
const NOT_NUMBERS = ["1e5", "10abc", "2.5", "0x10", "-1", "+5", "1,0000", " ", "٣"];

describe("parley's numeric options", () => {
  it("refuses a --limit that is not digits, or is out of its range, with a usage error naming the option, for every listing", async () => {
    const { site, token } = await createSite("nums");
    const listings: [string[], string][] = [
      [["comments", "list"], "from 1 to 1,000,000"],
      [["site", "audit"], "from 1 to 1,000,000"],
      [["webhooks", "deliveries", "wh_abcdefgh"], "from 1 to 10,000"],
    ];
    for (const [command, range] of listings) {
      // Every kind of wrong value on one listing; the parseInt readings and the bounds on the others.
      const values = command[0] === "comments" ? NOT_NUMBERS : ["1e5", "10abc"];
      for (const value of [...values, "0", range.includes("10,000") ? "10001" : "1000001"]) {
        const r = await parley(["--site", site, ...command, "--limit", value], { token });
        const what = `${command.join(" ")} --limit ${JSON.stringify(value)}`;
        expect([r.code, r.stdout], what).toEqual([2, ""]);
        expect(r.stderr, what).toContain(`option '--limit <n>' argument '${value}' is invalid. Must be a whole number ${range}`);
      }
    }
  }, 120_000);

  it("takes a --limit of digits, with thousands parted by _ or a comma, and lists at most that many", async () => {
    const { site, token } = await createSite("nums");
    await api(`/sites/${site}`, { method: "PATCH", token, body: { minFillSeconds: 0 } });
    for (const name of ["Ann", "Bo", "Cy"]) {
      const posted = await api(`/sites/${site}/threads/%2Fpost%2F/comments`, { body: { body: `Hi from ${name}`, authorName: name } });
      expect(posted.status).toBe(201);
    }
    expect((await parleyJson(["--site", site, "comments", "list", "--limit", "2"], token)).comments).toHaveLength(2);
    expect((await parleyJson(["--site", site, "comments", "list", "--limit", " 1_000 "], token)).comments).toHaveLength(3);
    expect((await parleyJson(["--site", site, "site", "audit", "--limit", "1,000"], token)).entries).toBeInstanceOf(Array);
  });

  it("refuses a quota of 10abc or 1e5 as it refuses a --limit, by the same parser", async () => {
    const { site } = await createSite("nums");
    for (const value of ["10abc", "1e5", "1,0000"]) {
      const r = await parley(["sites", "quota", site, "--comments-per-day", value, "--bytes-per-day", "0"], { token: adminToken() });
      expect([r.code, r.stdout], value).toEqual([2, ""]);
      expect(r.stderr).toContain(`option '--comments-per-day <n>' argument '${value}' is invalid. Must be a whole number such as 5000.`);
    }
  });
});
