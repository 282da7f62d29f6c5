-- Parley's core schema: sites, threads (with denormalized counts), comments, article index.
-- Every query is scoped by site_id; every list query has an index named after its use.

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  owner_token_hash TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Tells "another site's owner token" (403) from "a bad token" (401).
CREATE INDEX sites_by_owner_token ON sites (owner_token_hash);

CREATE TABLE threads (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  comment_count INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, key)
);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  thread_key TEXT NOT NULL,
  parent_id TEXT,
  root_id TEXT,
  depth INTEGER NOT NULL DEFAULT 0,
  author_name TEXT NOT NULL,
  author_email TEXT,
  body_source TEXT NOT NULL,
  body_tree TEXT NOT NULL,
  renderer_version INTEGER NOT NULL,
  status TEXT NOT NULL,
  edit_token_hash TEXT NOT NULL,
  idempotency_key TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A retry with the same idempotency key must never create a second comment.
CREATE UNIQUE INDEX comments_idempotency ON comments (site_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Thread page: top-level comments of one thread in time order (cursor = created_at, id).
CREATE INDEX comments_thread_roots ON comments (site_id, thread_key, created_at, id)
  WHERE parent_id IS NULL;

-- Replies of the top-level comments on one page.
CREATE INDEX comments_replies_by_root ON comments (site_id, root_id, created_at, id)
  WHERE root_id IS NOT NULL;

-- Article summaries for listing; the article documents themselves live in KV.
CREATE TABLE articles (
  site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT,
  published_at INTEGER NOT NULL,
  image TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (site_id, slug)
);

-- Article list: newest first (cursor = published_at, slug).
CREATE INDEX articles_by_published ON articles (site_id, published_at, slug);
