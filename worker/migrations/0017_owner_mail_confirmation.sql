-- Double opt-in for the owner's digest address: no digest goes to an address until the link e-mailed to it is
-- confirmed. `email_confirmed_at` is when the address now set was confirmed (NULL while it waits); `confirm_sent_at`
-- is when the last confirmation e-mail went to it (a resend waits NOTIFY_LIMITS.ownerConfirmResendMs).
ALTER TABLE owner_mail ADD COLUMN email_confirmed_at INTEGER;
ALTER TABLE owner_mail ADD COLUMN confirm_sent_at INTEGER;

-- Addresses set before: their digests have been arriving, so they count as confirmed since they were set.
UPDATE owner_mail SET email_confirmed_at = updated_at WHERE email_sealed IS NOT NULL;
