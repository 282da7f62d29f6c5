// A spam bot's message of megabytes fails for its length before it is read into markdown, which took minutes and
// gigabytes (a 38 MB <message>: 160 s, 4.5 GB) only to fail it for the same reason.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parley } from "./harness";

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "parley-huge-body-")), name);
  await writeFile(path, text);
  return path;
}

/** 4 MB of HTML markup and words, as spam writes it. */
const HUGE = "<p>" + "buy <b>cheap</b> <a href='https://spam.example/'>pills</a> ".repeat(70_000) + "</p>";

describe("a comment body of megabytes", () => {
  it("fails a Disqus message of megabytes for its length at once, and imports the rest", async () => {
    const { site, token } = await createSite("huge");
    const post = (id: string, message: string) =>
      `<post dsq:id="${id}"><message><![CDATA[${message}]]></message><createdAt>2020-01-02T00:00:00Z</createdAt><author><name>U${id}</name></author><thread dsq:id="1"/></post>`;
    const path = await file(
      "huge.xml",
      `<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n` +
        `<thread dsq:id="1"><link>https://blog.example.com/spam-magnet/</link></thread>\n${post("1", "<p>Fine</p>")}\n${post("2", HUGE)}\n</disqus>\n`,
    );
    const r = await parley(["--json", "--site", site, "import", "disqus", path, "--no-progress"], { token });
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ imported: 1, failed: [{ ref: "disqus:2", reason: "body is longer than 10,000 characters" }] });
    // Read into markdown, 4 MB of HTML took over a gigabyte.
    expect(summary.peakMemoryMB).toBeLessThan(500);
  });

  it("fails a Waline comment of megabytes for its length without rendering its markdown", async () => {
    const { site, token } = await createSite("huge");
    const row = (id: string, comment: string) => ({ objectId: id, url: "/spam-magnet/", comment, nick: `U${id}`, status: "approved", insertedAt: "2021-01-01T00:00:00Z" });
    const path = await file("huge.json", JSON.stringify({ type: "waline", version: 1, data: { Comment: [row("1", "Fine"), row("2", "**buy** _cheap_ [pills](https://spam.example/)\n".repeat(80_000))] } }));
    const r = await parley(["--json", "--site", site, "import", "waline", path, "--no-progress"], { token });
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ imported: 1, failed: [{ ref: "waline:2", reason: "body is longer than 10,000 characters" }] });
    expect(summary.peakMemoryMB).toBeLessThan(500);
  });
});
