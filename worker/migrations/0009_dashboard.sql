-- The dashboard's reads: comments per day for the stats query, and the owner's list of threads, newest first.
CREATE INDEX comments_by_site_created ON comments (site_id, created_at);
CREATE INDEX threads_by_created ON threads (site_id, created_at);
