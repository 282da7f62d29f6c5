-- A delivery can have two queue messages at once (the cron queues one again once it is 15 minutes overdue while a
-- backlog still holds the first). An attempt claims its delivery before it sends, until claimed_until (longer than
-- an attempt may take), with one conditional UPDATE; a message that finds it claimed sends nothing, and the attempt's
-- record clears the claim. A claim whose holder went away without recording lapses by itself.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until INTEGER;
-- When the cron last queued the delivery again (its message carries the same time; a Resume or a Retry clears it): a
-- message from before, out of the backlog after the cron's was tried, sends nothing and leaves the schedule alone.
ALTER TABLE webhook_deliveries ADD COLUMN requeued_at INTEGER;
