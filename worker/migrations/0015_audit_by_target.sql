-- A comment's audit entries by the comment: a GDPR erase removes the text of moderators' edits from them.
CREATE INDEX audit_by_target ON audit_log (site_id, target_type, target_id);
