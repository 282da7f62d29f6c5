// A --map URL matches its page whatever the spelling of its path: percent-encoded, as a browser's address bar copies
// it (…/caf%C3%A9-review/), or raw, as an export writes it (…/café-review/), as the thread keys have them.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parleyJson, thread } from "./harness";

const page = (id: string, url: string) => `<thread dsq:id="${id}"><link>${url}</link><title>T</title><isClosed>false</isClosed></thread>`;
const post = (id: string, thread: string) =>
  `<post dsq:id="${id}"><message><![CDATA[<p>Comment ${id}</p>]]></message><createdAt>2016-07-05T08:00:00Z</createdAt><author><name>U${id}</name></author><thread dsq:id="${thread}"/></post>`;

describe("a --map URL spelled otherwise than the export's", () => {
  it("matches the page, percent-encoded or raw, in either file", async () => {
    const { site, token } = await createSite("mappct");
    const dir = await mkdtemp(join(tmpdir(), "parley-map-pct-"));
    const xml = join(dir, "export.xml");
    await writeFile(
      xml,
      `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
        [page("1", "https://blog.example.com/2016/07/café-review/"), page("2", "https://blog.example.com/2017/na%c3%afve/"), post("1", "1"), post("2", "2")].join("\n") +
        "\n</disqus>\n",
    );
    const map = join(dir, "map.csv");
    await writeFile(map, "https://blog.example.com/2016/07/caf%C3%A9-review/,cafe-review\nhttps://blog.example.com/2017/naïve/,naive\n");
    const summary = await parleyJson(["--site", site, "import", "disqus", xml, "--map", map, "--no-progress"], token);
    expect(summary).toMatchObject({ imported: 2, failed: [], mapUnused: [] });
    expect((await thread(site, "cafe-review")).comments.map((c: any) => c.authorName)).toEqual(["U1"]);
    expect((await thread(site, "naive")).comments.map((c: any) => c.authorName)).toEqual(["U2"]);
  });
});
