-- Moderation: pinning, moderator edits, shadow bans, reader fingerprints (keyed hashes only),
-- thread opening times for auto-close, bans and the audit log.

ALTER TABLE comments ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
-- 'author' or 'moderator' once edited.
ALTER TABLE comments ADD COLUMN edited_by TEXT;
-- 1 when the comment is spam because its author is shadow-banned: the author still sees it.
ALTER TABLE comments ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0;
-- What a deleted comment was, so that `restore` puts it back as it was.
ALTER TABLE comments ADD COLUMN status_before_delete TEXT;
-- Keyed hashes (HMAC with PARLEY_SECRET): never the raw IP or email.
ALTER TABLE comments ADD COLUMN ip_hash TEXT;
ALTER TABLE comments ADD COLUMN email_hash TEXT;

-- When the thread opened (the article's date, else its first comment): auto-close counts from here.
ALTER TABLE threads ADD COLUMN opened_at INTEGER;

-- The moderation queue: newest first within a status, and per-status counts.
CREATE INDEX comments_moderation_queue ON comments (site_id, status, created_at, id);
-- The queue filtered by thread, and the recount of a thread's published comments.
CREATE INDEX comments_by_thread_status ON comments (site_id, thread_key, status);

CREATE TABLE bans (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  -- email and ip: keyed hash; name: the normalized name.
  value TEXT NOT NULL,
  -- What the owner may see of the value: the name, a masked email, or "from comment …".
  hint TEXT NOT NULL,
  mode TEXT NOT NULL,
  reason TEXT,
  expires_at INTEGER,
  created_at INTEGER NOT NULL
);

-- Ban lookup on every post: by (site, type, value).
CREATE INDEX bans_lookup ON bans (site_id, type, value);
-- Ban list: newest first.
CREATE INDEX bans_by_created ON bans (site_id, created_at, id);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before TEXT,
  after TEXT,
  created_at INTEGER NOT NULL
);

-- Audit list: newest first.
CREATE INDEX audit_by_created ON audit_log (site_id, created_at, id);
