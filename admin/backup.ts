// "Download backup": the site's export document, read part by part from GET …/export as `parley export` reads it,
// and saved as one dated JSON file that `parley import parley FILE` restores.
import type { ExportPage, ExportPart } from "../worker/contract/owner-data";
import { call, query, type Session } from "./api/client";

/** The parts after the head, in the order the CLI writes them (a plain list: the contract's would load zod). */
const PARTS = ["articles", "threads", "comments", "bans", "webhooks"] as const satisfies readonly Exclude<ExportPart, "site">[];
type Part = (typeof PARTS)[number];

/** The export's head: `GET …/export?part=site`. */
interface Head {
  version: number;
  exportedAt: string;
  site: unknown;
}

export interface Backup {
  /** The file name: the site and the day of the export (UTC), `blog-2024-06-01.json`. */
  name: string;
  /** The document, laid out as the CLI writes it: the head, then each part with an item per line. */
  text: string;
  counts: Record<Part, number>;
}

const exportUrl = (part: ExportPart, cursor?: string | null) => `/export${query({ part, cursor })}`;

/** Reads the whole export; `progress` hears of each part as it is read, with the items read so far. */
export async function readBackup(s: Session, progress: (part: Part, n: number) => void): Promise<Backup> {
  const head = await call<Head>(s, "GET", exportUrl("site"));
  let text = `{"version":${JSON.stringify(head.version)},"exportedAt":${JSON.stringify(head.exportedAt)},"site":${JSON.stringify(head.site)}`;
  const counts = {} as Record<Part, number>;
  for (const part of PARTS) {
    const items: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ExportPage<unknown> = await call<ExportPage<unknown>>(s, "GET", exportUrl(part, cursor));
      for (const item of page.items) items.push(JSON.stringify(item));
      cursor = page.nextCursor;
      progress(part, items.length);
    } while (cursor);
    counts[part] = items.length;
    text += `,\n"${part}":[${items.length ? `\n${items.join(",\n")}` : ""}\n]`;
  }
  return { name: `${s.site}-${head.exportedAt.slice(0, 10)}.json`, text: `${text}}\n`, counts };
}

/** Hands `backup` to the browser as a download. */
export function saveBackup(backup: Backup) {
  const url = URL.createObjectURL(new Blob([backup.text], { type: "application/json" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: backup.name });
  a.click();
  // The download has started from the click; the URL is let go once it is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
