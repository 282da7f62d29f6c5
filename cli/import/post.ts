// One import request (run.ts sends them): a batch of comments with their threads' updates, retried while the worker
// is busy or unreachable. Comments the worker finds invalid fail alone: the rest of the batch is sent again.
import { ApiError, retryBusy, type Api } from "../api.ts";
import type { SourceRef, Status } from "./types.ts";

/** A comment as the import route takes it. */
export interface WireComment {
  source: string;
  sourceId: string;
  parent: SourceRef | null;
  thread: string;
  body: string;
  authorName: string;
  authorEmail: string | null;
  status: Status;
  createdAt: string;
  [extra: string]: unknown;
}

export type WireThread = { key: string; locked: boolean; createdAt: string | null };

/** What the import route answers. */
export type BatchResult = {
  inserted: number;
  present: number;
  /** Of `inserted`, the comments of a Parley export that kept their ids there. Absent from workers older than it. */
  idsKept?: number;
  /** `code` is absent from workers older than it (see ImportFailure). */
  failed: { source: string | null; sourceId: string | null; code?: string; reason: string }[];
  /** Absent from workers older than it. */
  blank?: Partial<Record<Status, number>>;
  threads: { locked: string[] };
};

/** The comments a VALIDATION_FAILED answer names (`comments.3.status`), with the reason; null if it names anything else. */
function invalidItems(err: ApiError, count: number): Map<number, string> | null {
  const found = new Map<number, string>();
  for (const d of err.details) {
    const m = d.field.match(/^comments\.(\d+)\.?(.*)$/);
    if (!m || Number(m[1]) >= count) return null;
    found.set(Number(m[1]), `${m[2] || "comment"}: ${d.message}`);
  }
  return found;
}

/** Sends one batch, retrying when the worker is busy or unreachable; comments the worker finds invalid fail alone. */
export async function postBatch(api: Api, site: string, body: { comments: WireComment[]; threads: WireThread[] }): Promise<BatchResult> {
  try {
    return await retryBusy(() => api.send<BatchResult>("POST", `/sites/${encodeURIComponent(site)}/import`, body));
  } catch (err) {
    const invalid = err instanceof ApiError && err.code === "VALIDATION_FAILED" ? invalidItems(err, body.comments.length) : null;
    if (!invalid || invalid.size === 0) throw err;
    const rest = body.comments.filter((_, i) => !invalid.has(i));
    const failed = [...invalid].map(([i, reason]) => ({ source: body.comments[i].source, sourceId: body.comments[i].sourceId, reason }));
    const result = rest.length || body.threads.length ? await postBatch(api, site, { ...body, comments: rest }) : { inserted: 0, present: 0, failed: [], threads: { locked: [] } };
    return { ...result, failed: [...failed, ...result.failed] };
  }
}
