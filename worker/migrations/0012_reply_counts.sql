-- How many replies (of any status) hang under each top-level comment, so that a thread page asks D1 for
-- exactly the replies there are: a range scan that ends by its LIMIT reads no row past the last reply,
-- while one that runs into the end of its range reads (and is billed for) one more.
-- Kept in the same batch as every insert (posting, imports), as threads.comment_count is; not by triggers,
-- which would add their rows to the insert's `changes` that the stores read as "inserted or not".

ALTER TABLE comments ADD COLUMN reply_count INTEGER NOT NULL DEFAULT 0;

UPDATE comments SET reply_count = (
  SELECT COUNT(*) FROM comments AS r INDEXED BY comments_replies_by_root
  WHERE r.site_id = comments.site_id AND r.root_id = comments.id
) WHERE parent_id IS NULL;
