-- How many top-level comments of each thread a first page may list, and how many are pinned, so that the page asks
-- D1 for exactly that many: a scan that ends by its LIMIT reads no row past its last comment, while one that runs
-- into the end of its range pays for the entry past it (another thread's, on a database of many threads).
-- Kept in the same batch as every write that inserts comments or changes their status or pin (as comment_count
-- is), never by triggers (see 0012).
ALTER TABLE threads ADD COLUMN listed_roots INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN pinned_roots INTEGER NOT NULL DEFAULT 0;

-- The indexes a page walks leave pinned comments out: they come first from comments_thread_pinned, and a page that
-- stepped over them again paid a row for each (and could not ask for an exact count).
DROP INDEX comments_thread_listed;
DROP INDEX comments_thread_listed_top;

CREATE INDEX comments_thread_listed ON comments (site_id, thread_key, created_at, id)
  WHERE parent_id IS NULL AND (status = 'published' OR reply_count > 0) AND (status <> 'published' OR pinned = 0);

CREATE INDEX comments_thread_listed_top ON comments (site_id, thread_key, votes, created_at, id)
  WHERE parent_id IS NULL AND (status = 'published' OR reply_count > 0) AND (status <> 'published' OR pinned = 0);

-- listed_roots counts the entries of comments_thread_listed, pinned_roots those of comments_thread_pinned.
UPDATE threads SET
  listed_roots = (
    SELECT COUNT(*) FROM comments INDEXED BY comments_thread_listed
    WHERE site_id = threads.site_id AND thread_key = threads.key
      AND parent_id IS NULL AND (status = 'published' OR reply_count > 0) AND (status <> 'published' OR pinned = 0)),
  pinned_roots = (
    SELECT COUNT(*) FROM comments INDEXED BY comments_thread_pinned
    WHERE site_id = threads.site_id AND thread_key = threads.key AND parent_id IS NULL AND pinned = 1 AND status = 'published');
