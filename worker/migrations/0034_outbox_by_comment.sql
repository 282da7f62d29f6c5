-- The events about a comment, found by its id: a GDPR erase scrubs the text of the events still kept about the
-- comments it erases. It found them by the id inside each event's JSON, walking every event of the site kept for
-- the last seven days (7,900 to 11,300 rows a request on a site of 30,000 comments). The id is a column now,
-- written by the insert from the payload itself, and the events kept so far get theirs here.
ALTER TABLE outbox ADD COLUMN comment_id TEXT;
UPDATE outbox SET comment_id = json_extract(payload, '$.data.commentId');
CREATE INDEX outbox_by_comment ON outbox (site_id, comment_id) WHERE comment_id IS NOT NULL;
