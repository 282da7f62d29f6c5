-- The pinned comments that lead a thread's first page: read through their own small index instead of
-- scanning every top-level comment of the thread.
CREATE INDEX comments_thread_pinned ON comments (site_id, thread_key, created_at, id)
  WHERE parent_id IS NULL AND pinned = 1 AND status = 'published';
