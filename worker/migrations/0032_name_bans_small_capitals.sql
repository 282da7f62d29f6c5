-- Name bans store the name folded (worker/services/fold.ts, foldName). Folding reads the small capitals of the Latin
-- letters as those letters since 2026-12-05 ("ʙᴀᴅɢᴜʏ" is "badguy"): a ban made before from such a name keeps them,
-- and would match no name folded now. Write them as their letters, as folding now does (one character for one: the
-- 127-character bound holds).
UPDATE bans SET value = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(value, 'ᴀ', 'a'), 'ʙ', 'b'), 'ᴄ', 'c'), 'ᴅ', 'd'), 'ᴇ', 'e'), 'ꜰ', 'f'), 'ɢ', 'g'), 'ʜ', 'h'), 'ɪ', 'i'), 'ᴊ', 'j'), 'ᴋ', 'k'), 'ʟ', 'l'), 'ᴍ', 'm'), 'ɴ', 'n'), 'ᴏ', 'o'), 'ᴘ', 'p'), 'ꞯ', 'q'), 'ʀ', 'r'), 'ꜱ', 's'), 'ᴛ', 't'), 'ᴜ', 'u'), 'ᴠ', 'v'), 'ᴡ', 'w'), 'ʏ', 'y'), 'ᴢ', 'z')
WHERE type = 'name';
