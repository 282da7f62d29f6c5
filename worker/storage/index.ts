// Builds every store over the worker's bindings (the D1 + KV implementation of storage/types.ts);
// services receive these, never the bindings.
import type { DomainEvent } from "../contract/events";
import { createAdmissionStore } from "./admission";
import { createArticleStore } from "./articles";
import { createAuditStore } from "./audit";
import { createBanStore } from "./bans";
import { createCommentStore } from "./comments";
import { createDashboardStore } from "./dashboard";
import { createExportStore } from "./exports";
import { createImportStore } from "./imports";
import { meterD1, type D1Meter } from "./metered";
import { createOutboxStore } from "./outbox";
import { createSiteStore } from "./sites";
import { createThreadStore } from "./threads";
import { anyStale, eventInserts, runBatch, statementsOf, type CommitListener } from "./transaction";
import { StaleWriteError, type Stores } from "./types";
import { createVoteStore } from "./votes";

export type * from "./types";

export interface StoreOptions {
  /** Counts every D1 row the stores read or write. */
  meter?: D1Meter;
  /** Told about the events of every committed transaction (the dispatcher's trigger). */
  onCommit?: CommitListener;
}

/** Builds the stores over D1 and KV. */
export function createStores(env: { DB: D1Database; KV: KVNamespace }, options: StoreOptions = {}): Stores {
  const db = options.meter ? meterD1(env.DB, options.meter) : env.DB;
  const { onCommit } = options;
  return {
    sites: createSiteStore(db),
    threads: createThreadStore(db),
    comments: createCommentStore(db, onCommit),
    articles: createArticleStore(db, env.KV, onCommit),
    bans: createBanStore(db, onCommit),
    audit: createAuditStore(db),
    votes: createVoteStore(db, onCommit),
    outbox: createOutboxStore(db),
    dashboard: createDashboardStore(db),
    admission: createAdmissionStore(db),
    imports: createImportStore(db),
    exports: createExportStore(db, onCommit),
    async commit(writes, events: DomainEvent[]) {
      try {
        await runBatch(db, [...writes.flatMap(statementsOf), ...eventInserts(db, events)], onCommit);
      } catch (err) {
        if (await anyStale(writes)) throw new StaleWriteError();
        throw err;
      }
    },
  };
}
