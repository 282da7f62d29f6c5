-- A reply watch starts e-mails only once it is confirmed on its own: by the e-mailed link (which confirms the
-- watches made before it was sent), or at once when the post proves it comes from the reader who confirmed the
-- address (the edit token of one of their confirmed watches). Typing someone's confirmed address no longer
-- signs them up. Watches made before this are kept as they were: confirmed.
ALTER TABLE reply_watches ADD COLUMN confirmed_at INTEGER;
UPDATE reply_watches SET confirmed_at = created_at;
