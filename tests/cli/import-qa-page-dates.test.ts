// A comment whose date is lost (1970-01-01, Waline's 0) is dated within its own page: after the page's previous
// comment, else after the date the file gives the page, else just before the page's next dated comment; never by
// another page's comments, which may be years older (a 2024 thread then began in 2014, and autoCloseDays closed it).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parleyJson, thread } from "./harness";

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "parley-page-dates-")), name);
  await writeFile(path, text);
  return path;
}

const page = (id: string, path: string, date: string) =>
  `<thread dsq:id="${id}"><link>https://blog.example.com${path}</link><title>T</title><createdAt>${date}</createdAt><isClosed>false</isClosed></thread>`;
const post = (id: string, thread: string, date: string) =>
  `<post dsq:id="${id}"><message><![CDATA[<p>Comment ${id}</p>]]></message><createdAt>${date}</createdAt><author><name>U${id}</name></author><thread dsq:id="${thread}"/></post>`;
const disqus = (...records: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n${records.join("\n")}\n</disqus>\n`;

const dates = async (site: string, key: string) => Object.fromEntries((await thread(site, key)).comments.map((c: any) => [c.authorName, c.createdAt]));

describe("a comment whose date is lost", () => {
  it("is dated after its page's previous comment, else after its page's date, not after another page's comment", async () => {
    const { site, token } = await createSite("dates");
    const path = await file(
      "epoch.xml",
      disqus(
        page("1", "/2014/old/", "2014-01-01T00:00:00Z"),
        page("2", "/2024/new/", "2024-06-01T00:00:00Z"),
        post("1", "1", "2014-01-02T00:00:00Z"),
        post("2", "2", "1970-01-01T00:00:00Z"),
        post("3", "2", "2024-06-02T00:00:00Z"),
        post("4", "1", "2014-01-03T00:00:00Z"),
        post("5", "2", "1970-01-01T00:00:00Z"),
      ),
    );
    expect(await parleyJson(["--site", site, "import", "disqus", path, "--no-progress"], token)).toMatchObject({ imported: 5, datesRepaired: 2 });
    expect(await dates(site, "/2024/new/")).toEqual({
      U2: "2024-06-01T00:00:00.001Z",
      U3: "2024-06-02T00:00:00.000Z",
      U5: "2024-06-02T00:00:00.001Z",
    });
  });

  it("is dated just before its page's next dated comment when the file dates neither the page nor an earlier comment of it", async () => {
    const { site, token } = await createSite("dates");
    const row = (id: string, url: string, insertedAt: unknown) => ({ objectId: id, url, comment: `Comment ${id}`, nick: `U${id}`, status: "approved", insertedAt });
    const path = await file(
      "waline.json",
      JSON.stringify({
        type: "waline",
        version: 1,
        data: {
          Comment: [
            row("1", "/old/", "2014-01-02T00:00:00Z"),
            row("2", "/new/", 0),
            row("3", "/new/", 0),
            row("4", "/old/", "2014-01-03T00:00:00Z"),
            row("5", "/new/", "2024-06-02T00:00:00Z"),
            row("6", "/never/", 0),
          ],
        },
      }),
    );
    expect(await parleyJson(["--site", site, "import", "waline", path, "--no-progress"], token)).toMatchObject({ imported: 6, datesRepaired: 3 });
    expect(await dates(site, "/new/")).toEqual({
      U2: "2024-06-01T23:59:59.998Z",
      U3: "2024-06-01T23:59:59.999Z",
      U5: "2024-06-02T00:00:00.000Z",
    });
    // A page the file dates nowhere counts on from the comment before it in the file.
    expect(await dates(site, "/never/")).toEqual({ U6: "2024-06-02T00:00:00.001Z" });
  });
});
