-- A form token's nonce keeps the idempotency key (its keyed hash) of the post that spent it: a retry of that post
-- sent while it still runs (the same key, the same token) is then told apart from another post reusing the token,
-- and answered with the comment the key stores rather than refused (worker/services/posting.ts).
ALTER TABLE form_nonces ADD COLUMN idempotency_key TEXT;
