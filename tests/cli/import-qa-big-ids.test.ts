// Waline's and Artalk's ids written as JSON numbers past 2^53 (a SQL storage's 64-bit ids): each is read as the text
// it is written as, so two ids a double would round to one stay two comments, and a reply answers the right one.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSite, parleyJson, thread } from "./harness";

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "parley-big-ids-")), name);
  await writeFile(path, text);
  return path;
}

// 12345678901234567890 and …891 are one double; the reply answers …891.
const WALINE = `{"type":"waline","version":1,"data":{"Comment":[
{"objectId":12345678901234567890,"url":"/big/","comment":"First","nick":"First","status":"approved","pid":null,"insertedAt":"2021-01-01T00:00:00Z"},
{"objectId":12345678901234567891,"url":"/big/","comment":"Second","nick":"Second","status":"approved","pid":null,"insertedAt":"2021-01-02T00:00:00Z"},
{"objectId":12345678901234567892,"url":"/big/","comment":"Reply","nick":"Reply","status":"approved","pid":12345678901234567891,"rid":12345678901234567891,"insertedAt":"2021-01-03T00:00:00Z"}
]}}`;

const ARTALK = `[
{"id":12345678901234567890,"rid":0,"content":"First","nick":"First","page_key":"/big/","site_name":"B","created_at":"2021-01-01 00:00:00 +0000"},
{"id":12345678901234567891,"rid":0,"content":"Second","nick":"Second","page_key":"/big/","site_name":"B","created_at":"2021-01-02 00:00:00 +0000"},
{"id":12345678901234567892,"rid":12345678901234567891,"content":"Reply","nick":"Reply","page_key":"/big/","site_name":"B","created_at":"2021-01-03 00:00:00 +0000"}
]`;

const outline = (comments: any[]) => comments.map((c) => [c.authorName, c.replies.map((r: any) => r.authorName)]);

describe("ids written as numbers past 2^53", () => {
  for (const [format, name, text] of [
    ["waline", "big.json", WALINE],
    ["artalk", "big.artrans", ARTALK],
    // Artalk's export API wraps the list in a text field.
    ["artalk", "wrapped.json", JSON.stringify({ artrans: ARTALK })],
  ]) {
    it(`keeps every comment of a ${format} export (${name}) and the reply under the parent it names`, async () => {
      const { site, token } = await createSite("bigid");
      const summary = await parleyJson(["--site", site, "import", format, await file(name, text), "--no-progress"], token);
      expect(summary).toMatchObject({ read: 3, imported: 3, failed: [] });
      expect(outline((await thread(site, "/big/")).comments)).toEqual([
        ["First", []],
        ["Second", ["Reply"]],
      ]);
    });
  }
});
