-- When the owner's digest is owed: set when a comment starts waiting (to when the window allows one), cleared when
-- a digest is claimed, set again when it could not go (the provider down, the day's e-mail budget spent). The cron
-- queues a digest for each site whose digest is overdue, so none is lost to an outage longer than the queue's
-- retries (see requeueOverdueDigests).
ALTER TABLE owner_mail ADD COLUMN digest_due_at INTEGER;
CREATE INDEX owner_mail_digest_due ON owner_mail (digest_due_at) WHERE digest_due_at IS NOT NULL;
