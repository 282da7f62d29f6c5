-- The transactional outbox: every domain event is written in the same D1 batch as the change it describes,
-- so an event exists if and only if its change committed. The dispatcher runs subscribers after commit and
-- marks the row done; the cron handler re-runs rows left behind (a crash, a failing subscriber).
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  type TEXT NOT NULL,
  -- The DomainEvent as JSON: the stable, versioned shape subscribers and webhooks receive.
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- Subscribers (by name) that already handled the event: a retry skips them.
  handled TEXT NOT NULL DEFAULT '[]',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  -- Not before this time may the cron handler claim the row (a lease for the dispatcher in flight, then backoff).
  next_attempt_at INTEGER NOT NULL,
  done_at INTEGER
);

-- What the cron handler scans: undone events, oldest due first.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE done_at IS NULL;
-- Pruning finished events.
CREATE INDEX outbox_done ON outbox (done_at) WHERE done_at IS NOT NULL;
-- A site's events in order (subscribers' tools, tests).
CREATE INDEX outbox_by_site ON outbox (site_id, created_at, id);
