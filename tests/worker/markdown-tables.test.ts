// GFM tables in articles: what they become, what stays text, and the bounds on their cells.
import { describe, expect, it } from "vitest";
import { docText, type Doc, type DocTable } from "../../worker/contract/doc";
import { MARKDOWN_LIMITS } from "../../worker/contract/limits";
import { renderMarkdown } from "../../worker/services/markdown";
import { plainText } from "../../worker/services/render/page";

const comment = (md: string) => renderMarkdown(md, { article: false });
const article = (md: string) => renderMarkdown(md, { article: true });
const tables = (doc: Doc) => doc.filter((n): n is DocTable => n.t === "table");
const text = (v: string) => [{ t: "text", v }];

describe("GFM tables in articles", () => {
  it("makes a table of the header, its columns' alignment and the body rows, each as wide as the header", () => {
    const doc = article(
      ["Prices as of June:", "", "| Plan | Price | Notes |", "|:-----|------:|:-----:|", "| Free | $0 | *no* card |", "| Pro | $9 |", "| Team | $29 | a | extra |"].join("\n"),
    );
    expect(doc[0]).toEqual({ t: "p", c: text("Prices as of June:") });
    expect(doc[1]).toEqual({
      t: "table",
      align: ["left", "right", "center"],
      head: [text("Plan"), text("Price"), text("Notes")],
      rows: [
        [text("Free"), text("$0"), [{ t: "em", c: text("no") }, { t: "text", v: " card" }]],
        [text("Pro"), text("$9"), []],
        [text("Team"), text("$29"), text("a")],
      ],
    });
    expect(doc).toHaveLength(2);
  });

  it("keeps a comment's table as the text it always was", () => {
    const md = "| a | b |\n|---|---|\n| 1 | 2 |";
    expect(comment(md)).toEqual([{ t: "p", c: text("| a | b |\n|---|---|\n| 1 | 2 |") }]);
  });

  it("ends a paragraph at a table, takes `\\|` as a pipe in a cell, and keeps cells' links and code", () => {
    const doc = article("Intro line\n| a | b |\n| - | - |\n| `x \\| y` | [site](https://example.com) |\n\nAfter.");
    expect(doc.map((n) => n.t)).toEqual(["p", "table", "p"]);
    expect((doc[1] as DocTable).rows[0]).toEqual([[{ t: "code", v: "x | y" }], [{ t: "a", href: "https://example.com/", c: text("site") }]]);
  });

  it("keeps a cell's unsafe link as its text and its markup as text", () => {
    const [table] = tables(article("| x | y |\n|---|---|\n| [c](javascript:alert(1)) | <img src=x onerror=alert(1)> |"));
    expect(table.rows[0]).toEqual([text("c"), text("<img src=x onerror=alert(1)>")]);
  });

  it("reads a table wider than the column bound as text", () => {
    const n = MARKDOWN_LIMITS.tableColumns + 1;
    const md = `|${" a |".repeat(n)}\n|${"---|".repeat(n)}\n|${" 1 |".repeat(n)}`;
    expect(tables(article(md))).toHaveLength(0);
    expect(tables(article(`|${" a |".repeat(n - 1)}\n|${"---|".repeat(n - 1)}`))).toHaveLength(1);
  });

  it("spends the document's cells: rows past them are text, and later tables are text", () => {
    const columns = 8;
    const rows = MARKDOWN_LIMITS.articleTableCells / columns + 10;
    const md = [`|${" h |".repeat(columns)}`, `|${"---|".repeat(columns)}`, ...Array.from({ length: rows }, (_, i) => `| ${i} |`)].join("\n");
    const doc = article(`${md}\n\nThen another:\n\n| a | b |\n|---|---|\n| 1 | 2 |`);
    const [table] = tables(doc);
    expect(tables(doc)).toHaveLength(1);
    expect((1 + table.rows.length) * columns).toBe(MARKDOWN_LIMITS.articleTableCells);
    // The first row past the cells, and the rest, are still in the document, as text.
    expect(docText(doc)).toContain(`| ${table.rows.length} |`);
    expect(docText(doc)).toContain("| a | b |");
  });

  it("fills short rows with empty cells within the bound, however many the source asks for", () => {
    // 32 columns and 20,000 one-character rows: 640,032 cells without the bound (65,536 with markdown-it's own).
    const md = `|${" h |".repeat(32)}\n|${"-|".repeat(32)}\n${"x\n".repeat(20_000)}`;
    const [table] = tables(article(md));
    expect((1 + table.rows.length) * 32).toBeLessThanOrEqual(MARKDOWN_LIMITS.articleTableCells);
  });

  it("gives a table's text row by row, cell by cell, in the page's plain text", () => {
    expect(plainText(article("| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd."))).toBe("a b\n1 2\nEnd.");
  });
});
