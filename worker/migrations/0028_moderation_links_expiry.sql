-- One-click moderation links are deleted a while after they expire (the cron, a batch at a time); this finds them
-- without reading the rest.
CREATE INDEX moderation_links_by_expiry ON moderation_links (expires_at);
