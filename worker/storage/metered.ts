// Counts the D1 rows each request reads and writes (from D1's result metadata, the unit Cloudflare bills by),
// so responses can report them and the benchmark can print them.

export interface D1Meter {
  rowsRead: number;
  rowsWritten: number;
}

type Meta = { rows_read?: number; rows_written?: number } | undefined;

function record(meter: D1Meter, meta: Meta) {
  meter.rowsRead += meta?.rows_read ?? 0;
  meter.rowsWritten += meta?.rows_written ?? 0;
}

const INNER = Symbol("inner");

class MeteredStatement {
  [INNER]: D1PreparedStatement;

  constructor(
    inner: D1PreparedStatement,
    private readonly meter: D1Meter,
  ) {
    this[INNER] = inner;
  }

  bind(...values: unknown[]): MeteredStatement {
    return new MeteredStatement(this[INNER].bind(...values), this.meter);
  }

  async all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    const result = await this[INNER].all<T>();
    record(this.meter, result.meta);
    return result;
  }

  async run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    const result = await this[INNER].run<T>();
    record(this.meter, result.meta);
    return result;
  }

  /** `first()` hides D1's metadata, so it runs as `all()` and takes the first row. */
  async first<T = Record<string, unknown>>(column?: string): Promise<T | null> {
    const { results } = await this.all<Record<string, unknown>>();
    const row = results[0];
    if (row === undefined) return null;
    return (column === undefined ? row : (row[column] ?? null)) as T | null;
  }
}

/** Wraps a D1 binding so every statement and batch adds its rows to `meter`. */
export function meterD1(db: D1Database, meter: D1Meter): D1Database {
  const metered = {
    prepare: (sql: string) => new MeteredStatement(db.prepare(sql), meter),
    batch: async <T = unknown>(statements: D1PreparedStatement[]) => {
      const inner = statements.map((s) => (s as unknown as MeteredStatement)[INNER] ?? s);
      const results = await db.batch<T>(inner);
      for (const r of results) record(meter, r.meta);
      return results;
    },
    exec: (sql: string) => db.exec(sql),
    dump: () => db.dump(),
    withSession: (c?: string) => db.withSession(c),
  };
  return metered as unknown as D1Database;
}
