-- A hidden reply shows as a tombstone while a published reply answers it, directly or through a few more hidden
-- ones (C deleted, D under it rejected, E under D published: C and D both stay, so that E keeps its place). Reply
-- queries follow such runs of hidden replies down this index: only hidden comments that some comment answers.
CREATE INDEX comments_answered_hidden ON comments (site_id, parent_id)
  WHERE parent_id IS NOT NULL AND has_replies = 1 AND status <> 'published';
