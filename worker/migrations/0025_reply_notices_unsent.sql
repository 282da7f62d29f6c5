-- The replies still waiting to be e-mailed, oldest first: the cron finds those whose queue message was lost (the
-- provider down past the queue's retries, or the day's budget spent) and queues them again.
CREATE INDEX reply_notices_unsent ON reply_notices (created_at) WHERE sent_at IS NULL;
