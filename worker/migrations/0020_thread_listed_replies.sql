-- Reply queries walk only the replies a page may list: published ones, and hidden ones that some comment answers
-- (a tombstone while a published reply answers it). A spam, held or deleted reply nobody answered stays out of
-- this index, so 60 spam replies under a comment no longer cost 60 rows on every cold page (as 0018 did for
-- top-level comments). `has_replies` is set in the same batch as the insert of a reply (posting, imports) and
-- never cleared: comments are never removed, only turned into tombstones, so it is never wrongly 0.
ALTER TABLE comments ADD COLUMN has_replies INTEGER NOT NULL DEFAULT 0;

UPDATE comments SET has_replies = 1 WHERE id IN (SELECT parent_id FROM comments WHERE parent_id IS NOT NULL);

CREATE INDEX comments_replies_listed ON comments (site_id, root_id, created_at, id)
  WHERE root_id IS NOT NULL AND (status = 'published' OR has_replies = 1);
