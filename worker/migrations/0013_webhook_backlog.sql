-- Webhook backlog: while a webhook is paused its deliveries are kept as `held`, and Resume sends them, each with
-- a fresh retry schedule. `released_at` (the Resume that released a delivery) tells its new queue messages from
-- ones queued before it was held; `attempts_at_release` is where its new retry schedule starts.
ALTER TABLE webhook_deliveries ADD COLUMN released_at INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN attempts_at_release INTEGER NOT NULL DEFAULT 0;

CREATE INDEX webhook_deliveries_held ON webhook_deliveries (site_id, webhook_id, created_at, id) WHERE status = 'held';

-- Before this, a paused webhook marked its waiting deliveries failed; on a webhook still paused they are held
-- again, so Resume sends them.
UPDATE webhook_deliveries SET status = 'held', next_attempt_at = NULL
WHERE status = 'failed'
  AND (last_error LIKE 'Not sent: the webhook is paused%' OR last_error LIKE '%; not retried: the webhook is paused.')
  AND webhook_id IN (SELECT id FROM webhooks WHERE paused_at IS NOT NULL);

-- The dashboard shows "Paused: <reason>"; old reasons began with "Paused" too.
UPDATE webhooks SET paused_reason = substr(paused_reason, 14) WHERE paused_reason LIKE 'Paused after %';
