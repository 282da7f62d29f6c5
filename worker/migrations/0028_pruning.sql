-- The cron deletes, a batch at a time, what is kept only for a while: one-click moderation links 30 days after they
-- expired, and webhook deliveries 30 days after they were delivered or given up on. These find them without reading
-- the rest.
CREATE INDEX moderation_links_by_expiry ON moderation_links (expires_at);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status IN ('delivered', 'failed');
