-- How many comments each site holds in each status, for the moderation queue's counts: a GROUP BY over the
-- site's comments read every one of them on every dashboard load (100,000 rows for a site of 100,000 comments).
-- Every statement that inserts comments or changes their status (posting, imports, moderation and the author's
-- edits and deletes, GDPR erase) keeps these in the same batch: it takes its comments away as they were and adds
-- them back as they are (storage/status-counts.ts), so a count never depends on knowing what a write changed.
CREATE TABLE comment_status_counts (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (site_id, status)
);

INSERT INTO comment_status_counts (site_id, status, n)
  SELECT site_id, status, COUNT(*) FROM comments GROUP BY site_id, status;
