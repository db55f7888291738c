import { openPostgres } from '../open-postgres';
import { openSqliteStore, type Store } from '../store';
import type { SlowQueryLog } from '../open';
import { centralMigrations } from './migrations';
import type { CentralDatabase } from './schema';

export type CentralStore = Store<CentralDatabase>;

export type OpenCentralStoreOptions = {
  /** `postgres://…` (CENTRAL_DATABASE_URL): PostgreSQL; unset: SQLite at `file` */
  databaseUrl?: string;
  /** SQLite file, or ':memory:' (the default) */
  file?: string;
  /** PostgreSQL only: connections in this node's pool */
  poolMax?: number;
  /** PostgreSQL only: keep the tables in this schema (tests: one per central) */
  schema?: string;
  onSlowQuery?: SlowQueryLog;
  onPoolError?: (error: Error) => void;
};

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The central's database: the same migrations and queries on either engine. */
export async function openCentralStore(options: OpenCentralStoreOptions = {}): Promise<CentralStore> {
  const slow = options.onSlowQuery ? { onSlowQuery: options.onSlowQuery } : {};
  if (options.databaseUrl !== undefined) {
    if (!isPostgresUrl(options.databaseUrl)) throw new Error('CENTRAL_DATABASE_URL must start with postgres://');
    return openPostgres<CentralDatabase>({
      url: options.databaseUrl,
      migrations: centralMigrations,
      ...(options.poolMax ? { poolMax: options.poolMax } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
      ...slow,
    });
  }
  return openSqliteStore<CentralDatabase>({ file: options.file ?? ':memory:', migrations: centralMigrations, ...slow });
}
