-- A webhook's deliveries of one status, newest first (`GET …/deliveries?status=failed`): a page reads only the rows
-- it lists, however many deliveries of other statuses the webhook has.
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (site_id, webhook_id, status, created_at, id);
