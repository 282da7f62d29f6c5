-- Name bans keep the folded name cut to 127 characters (code points; SQLite counts TEXT in them too), so that
-- every export imports again (worker/services/fold.ts, boundName). Cut the longer ones made before, which would
-- otherwise match no name once posters' names are cut the same way.
UPDATE bans SET value = substr(value, 1, 127) WHERE type = 'name' AND length(value) > 127;
