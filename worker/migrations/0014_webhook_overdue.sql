-- The cron handler finds deliveries whose queue message never came (a failed send, a message the queue gave up
-- on) by how overdue they are, and queues them again.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
