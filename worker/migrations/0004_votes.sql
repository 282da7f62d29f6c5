-- Reactions: one upvote per reader per comment, keyed by a keyed hash of the reader's random key,
-- with the keyed IP hash kept to cap how many reader keys one address may vote with.

ALTER TABLE comments ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE votes (
  site_id TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  reader_hash TEXT NOT NULL,
  ip_hash TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, comment_id, reader_hash)
);

-- The per-IP cap: votes on one comment from one address.
CREATE INDEX votes_by_ip ON votes (site_id, comment_id, ip_hash);

-- Thread page sorted by reactions ("top"): cursor = (votes, created_at, id).
CREATE INDEX comments_thread_top ON comments (site_id, thread_key, votes, created_at, id)
  WHERE parent_id IS NULL;
