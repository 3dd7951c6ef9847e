// Counts the SQL statements a unit of work (a request, a subscription event) sends, by wrapping
// the Prisma driver adapter. Tests use it to make N+1 a failure, and the bench to count. Only they
// call withSqlStats: its AsyncLocalStorage.run() would turn on Node 20's promise hook for the whole
// process (request-context.ts).
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

export interface SqlStats {
  statements: number;
  /** the SQL text of each statement, kept only when asked for (tests) */
  log?: string[];
}

const storage = new AsyncLocalStorage<SqlStats>();

/** Runs fn with a fresh statement counter visible to every query it causes. */
export function withSqlStats<T>(stats: SqlStats, fn: () => T): T {
  return storage.run(stats, fn);
}

/** Counts one statement for the unit of work running now (if anyone is counting). */
export function recordStatement(sql: string): void {
  const stats = storage.getStore();
  if (!stats) return;
  stats.statements += 1;
  stats.log?.push(sql);
}

function record(query: SqlQuery) {
  recordStatement(query.sql);
}

function instrumentQueryable<T extends SqlDriverAdapter | Transaction>(target: T): T {
  const queryRaw = target.queryRaw.bind(target);
  const executeRaw = target.executeRaw.bind(target);
  target.queryRaw = (query) => {
    record(query);
    return queryRaw(query);
  };
  target.executeRaw = (query) => {
    record(query);
    return executeRaw(query);
  };
  return target;
}

function instrumentAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  instrumentQueryable(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => instrumentQueryable(await startTransaction(isolationLevel));
  return adapter;
}

export function instrumentFactory<F extends SqlDriverAdapterFactory | SqlMigrationAwareDriverAdapterFactory>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => instrumentAdapter(await connect());
  return factory;
}
