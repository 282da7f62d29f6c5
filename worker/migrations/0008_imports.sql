-- Imports and exports: where an imported comment came from, so that running an import again inserts nothing,
-- and the site-wide walk in time order that exports and backups page through.

-- 'disqus', 'wordpress', 'remark42', 'parley', …; NULL for comments posted through Parley.
ALTER TABLE comments ADD COLUMN source TEXT;
-- The comment's id in its source system.
ALTER TABLE comments ADD COLUMN source_id TEXT;

-- An imported comment exists once per site, however often its import runs.
CREATE UNIQUE INDEX comments_by_source ON comments (site_id, source, source_id) WHERE source IS NOT NULL;

-- Export: every comment of a site in time order (cursor = created_at, id).
CREATE INDEX comments_export ON comments (site_id, created_at, id);

-- The operator's site list, by id.
CREATE INDEX sites_by_created ON sites (created_at, id);
