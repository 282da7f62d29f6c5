-- Which comment a webhook delivery is about, so that a GDPR erase can empty the bodies kept for retries.
ALTER TABLE webhook_deliveries ADD COLUMN comment_id TEXT;

-- Deliveries made before: the comment of their event while the outbox still keeps it, else the one a JSON body names.
UPDATE webhook_deliveries SET comment_id = COALESCE(
  (SELECT json_extract(o.payload, '$.data.commentId') FROM outbox o WHERE o.id = webhook_deliveries.event_id),
  CASE WHEN json_valid(body) THEN json_extract(body, '$.data.comment.id') END
);

CREATE INDEX webhook_deliveries_by_comment ON webhook_deliveries (site_id, comment_id) WHERE comment_id IS NOT NULL;
