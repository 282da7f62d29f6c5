// Where a page of a list resumes: keyset pagination over an index, as SQL.

/**
 * The condition that a row comes after a cursor (`at` and `id` are its parameters, `?2` and `?3`): a row value that
 * seeks into the index, `(created_at, id) > (?2, ?3)` (`<` for a list newest first), or with no cursor a check that
 * both parameters are null (they are bound either way). Not `?2 IS NULL OR created_at > ?2 OR …`: SQLite cannot seek
 * through that OR, so page k re-read every row before it (page 60 of an export of 30,000 comments read 30,001 rows).
 */
export function afterCursor(cursor: object | null, at: string, id: string, order: { newestFirst?: boolean; columns?: string } = {}): string {
  const { newestFirst = false, columns = "created_at, id" } = order;
  return cursor ? `(${columns}) ${newestFirst ? "<" : ">"} (${at}, ${id})` : `${at} IS NULL AND ${id} IS NULL`;
}
