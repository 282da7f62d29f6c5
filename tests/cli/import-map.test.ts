// A --map written by hand, as owners write them: some of its URLs are not quite the export's (https for the export's
// http, no trailing slash). Those entries change nothing, and the summary says which they are.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, createSite, parley, parleyJson, qaFixture } from "./harness";

describe("parley import --map with URLs no page has", () => {
  it("names the map's URLs that matched no page, in the summary and its JSON, on a dry run too", async () => {
    const { site, token } = await createSite();
    const args = ["--site", site, "import", "disqus", join(FIXTURES, "disqus.xml"), "--map", qaFixture("map-typos.csv"), "--no-progress"];
    const unused = ["https://blog.example.com/old/closed-post.html", "https://blog.example.com/caf%C3%A9/cr%C3%A8me-br%C3%BBl%C3%A9e"];
    const dry = await parley([...args, "--dry-run"], { token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`  map unused        2 (no page in the file has these URLs: check http or https, a trailing slash, the spelling)\n    ${unused[0]}\n    ${unused[1]}\n`);
    const r = await parleyJson(args, token);
    expect(r.mapUnused).toEqual(unused);
    expect(r.imported).toBe(16);
  });
});
