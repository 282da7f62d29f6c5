-- Thread pages walk only the top-level comments they may list: published ones, and held or removed ones with
-- replies (a tombstone while one of those is published). Spam, held and deleted comments without replies stay
-- out of these indexes, so a thread flooded by a bot, or emptied by its owner, no longer costs a row read per
-- hidden comment on every cold page. They replace the indexes of every top-level comment, which nothing else read.
CREATE INDEX comments_thread_listed ON comments (site_id, thread_key, created_at, id)
  WHERE parent_id IS NULL AND (status = 'published' OR reply_count > 0);

CREATE INDEX comments_thread_listed_top ON comments (site_id, thread_key, votes, created_at, id)
  WHERE parent_id IS NULL AND (status = 'published' OR reply_count > 0);

DROP INDEX comments_thread_roots;
DROP INDEX comments_thread_top;
