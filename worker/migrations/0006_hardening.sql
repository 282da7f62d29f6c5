-- Hardening: form tokens spent by every attempt, e-mail kept as a keyed hash plus a masked hint (the address
-- itself only AES-GCM sealed, and only when a feature needs it), per-site daily quotas, and the index that
-- finds a deleted reply's published children.

-- A form token's nonce, spent by the first attempt that passes validation, whatever happens after.
CREATE TABLE form_nonces (
  site_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, nonce)
);

-- Pruning spent nonces once their token has expired.
CREATE INDEX form_nonces_by_expiry ON form_nonces (site_id, expires_at);

-- What the owner sees of an e-mail address: "a***@example.com".
ALTER TABLE comments ADD COLUMN email_hint TEXT;
-- The address, AES-256-GCM sealed with a key derived from PARLEY_SECRET; set only by features that mail the author.
ALTER TABLE comments ADD COLUMN email_sealed TEXT;

-- Addresses stored in the clear before this migration become a hint; the keyed hash (email_hash) stays.
UPDATE comments
SET email_hint = CASE
    WHEN instr(author_email, '@') > 1 THEN substr(author_email, 1, 1) || '***' || substr(author_email, instr(author_email, '@'))
    ELSE '***'
  END,
  author_email = NULL
WHERE author_email IS NOT NULL;

-- Comments and bytes stored per site per UTC day, against the site's quota.
CREATE TABLE site_usage (
  site_id TEXT PRIMARY KEY,
  day INTEGER NOT NULL,
  comments INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);

-- A deleted or hidden reply shows as a tombstone only while a published reply answers it.
CREATE INDEX comments_published_children ON comments (site_id, parent_id)
  WHERE parent_id IS NOT NULL AND status = 'published';
