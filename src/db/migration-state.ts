// Whether a database already has every migration applied, read with one statement, so a start on
// an up-to-date database never loads the schema engine's WebAssembly (tens of megabytes that
// would stay in the process). Anything unexpected (no table, a changed or failed migration) says
// "not up to date", and the engine, which knows how to apply or to refuse, decides.
import { createHash } from 'node:crypto';
// the engine's own reading of the folder; importing it loads no WebAssembly
import { listMigrations } from './schema-engine.ts';

/** Each migration's name and the checksum Prisma records for it (the SHA-256 of its SQL, hex). */
function migrationChecksums(dir: string): Map<string, string> {
  const checksums = new Map<string, string>();
  for (const migration of listMigrations(dir).migrationDirectories) {
    const { content } = migration.migrationFile;
    if (content.tag === 'ok') checksums.set(migration.path, createHash('sha256').update(content.value).digest('hex'));
  }
  return checksums;
}

const appliedSql = `SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/**
 * True when every migration in `dir` is recorded as applied with the same checksum and nothing
 * else is. `select` runs one statement and answers its rows.
 */
export async function migrationsUpToDate(
  select: (sql: string) => Promise<{ migration_name: string; checksum: string }[]>,
  dir: string,
): Promise<boolean> {
  const wanted = migrationChecksums(dir);
  let rows: { migration_name: string; checksum: string }[];
  try {
    rows = await select(appliedSql);
  } catch {
    return false; // a new database: no _prisma_migrations yet
  }
  if (rows.length !== wanted.size) return false;
  return rows.every((row) => wanted.get(row.migration_name) === row.checksum);
}
