-- A set of one-click moderation links is made for a comment waiting for moderation. Once the comment leaves pending,
-- by whatever path (one of the links, the dashboard, the API, a bulk action, its author's delete or edit, a GDPR
-- erase), the write that moves it spends the set in the same batch: settled_status is what the comment became, and
-- used_at (unless a link of the set was used first) when. A set spent so stays spent, even if a restore brings the
-- comment back to pending. The index finds a comment's sets.
ALTER TABLE moderation_links ADD COLUMN settled_status TEXT;
CREATE INDEX moderation_links_by_comment ON moderation_links (site_id, comment_id);
