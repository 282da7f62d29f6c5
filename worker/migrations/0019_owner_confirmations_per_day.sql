-- Confirmation e-mails to the owner's digest address, counted per UTC day and site (at most
-- NOTIFY_LIMITS.ownerConfirmsPerDay), whichever address they went to: the five-minute wait is per address, so
-- without a count an owner token switching between addresses could mail a stranger every few minutes.
ALTER TABLE owner_mail ADD COLUMN confirm_day TEXT;
ALTER TABLE owner_mail ADD COLUMN confirms_that_day INTEGER NOT NULL DEFAULT 0;
