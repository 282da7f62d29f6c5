-- Safety: single-use form tokens, why a comment was held, reader lookups for duplicates and
-- first-comment holds (keyed hashes only), and fixed-window rate-limit counters.

ALTER TABLE comments ADD COLUMN form_nonce TEXT;
-- Why the worker held or filtered a comment (links, blocked word, first comment, pre-moderation, shadow ban).
ALTER TABLE comments ADD COLUMN moderation_reason TEXT;

-- A form token is good for one comment.
CREATE UNIQUE INDEX comments_form_nonce ON comments (site_id, form_nonce) WHERE form_nonce IS NOT NULL;

-- Duplicate and first-comment checks: one reader's recent comments, by keyed IP hash or keyed email hash.
CREATE INDEX comments_by_reader_ip ON comments (site_id, ip_hash, created_at) WHERE ip_hash IS NOT NULL;
CREATE INDEX comments_by_reader_email ON comments (site_id, email_hash, created_at) WHERE email_hash IS NOT NULL;

-- Fixed one-minute windows per (site, key): r:<ip hash>, t:<thread>, s.
CREATE TABLE rate_counters (
  site_id TEXT NOT NULL,
  key TEXT NOT NULL,
  window INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site_id, key, window)
);

-- Pruning old windows of a site.
CREATE INDEX rate_counters_by_window ON rate_counters (site_id, window);
