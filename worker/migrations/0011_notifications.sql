-- Notifications: signed webhooks and their deliveries, one-click moderation links, reader reply e-mails
-- (double opt-in, addresses stored only encrypted), the owner's digest, the daily send budget, and the
-- local development mail outbox.

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  -- JSON array of event types.
  events TEXT NOT NULL,
  format TEXT NOT NULL,
  -- The signing secret is HMAC(server secret, salt): only the salt is stored.
  secret_salt TEXT NOT NULL,
  -- The worker's origin when the webhook was made: the base of the links a delivery carries.
  origin TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  paused_at INTEGER,
  paused_reason TEXT,
  last_success_at INTEGER,
  created_at INTEGER NOT NULL
);

CREATE INDEX webhooks_by_site ON webhooks (site_id, created_at, id);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  -- The exact body sent on every attempt (formatted for the webhook's format).
  body TEXT NOT NULL,
  -- pending | retrying | delivered | failed
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,
  last_error TEXT,
  next_attempt_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (site_id, webhook_id, created_at, id);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (webhook_id, event_id);

-- One row per set of one-click links (approve, spam, delete) for one comment; using any link uses the set.
CREATE TABLE moderation_links (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  comment_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_action TEXT,
  created_at INTEGER NOT NULL
);

-- Readers who asked for reply e-mails. The address is stored only encrypted (AES-GCM); the keyed hash finds it.
CREATE TABLE mail_subscribers (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  email_hash TEXT NOT NULL,
  email_sealed TEXT NOT NULL,
  -- pending (waiting for the confirmation click) | confirmed | unsubscribed
  status TEXT NOT NULL,
  origin TEXT NOT NULL,
  confirm_sent_at INTEGER,
  confirmed_at INTEGER,
  unsubscribed_at INTEGER,
  created_at INTEGER NOT NULL
);

CREATE UNIQUE INDEX mail_subscribers_by_email ON mail_subscribers (site_id, email_hash);

-- Which comments a subscriber wants to hear replies to.
CREATE TABLE reply_watches (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  comment_id TEXT NOT NULL,
  subscriber_id TEXT NOT NULL REFERENCES mail_subscribers(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, comment_id)
);

-- Replies waiting to be e-mailed; at most one e-mail per subscriber and thread per window.
CREATE TABLE reply_notices (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  subscriber_id TEXT NOT NULL REFERENCES mail_subscribers(id) ON DELETE CASCADE,
  thread_key TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  PRIMARY KEY (site_id, subscriber_id, comment_id)
);

CREATE INDEX reply_notices_by_thread ON reply_notices (site_id, subscriber_id, thread_key, sent_at);

-- The owner's e-mail settings (address sealed) and when the last digest went out.
CREATE TABLE owner_mail (
  site_id TEXT PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  email_sealed TEXT,
  email_hint TEXT,
  digest INTEGER NOT NULL DEFAULT 1,
  origin TEXT NOT NULL,
  last_digest_at INTEGER,
  updated_at INTEGER NOT NULL
);

-- E-mails sent per site per UTC day, against the daily budget.
CREATE TABLE mail_budget (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  sent INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day)
);

-- Local development only: every e-mail that would have been sent, shown at /dev/mail.
CREATE TABLE dev_mail (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  headers TEXT NOT NULL,
  text_part TEXT NOT NULL,
  html_part TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE INDEX dev_mail_by_created ON dev_mail (created_at, id);
