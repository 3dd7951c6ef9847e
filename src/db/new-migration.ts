// npm run db:migration -- <name>: writes the migration that brings prisma/migrations up to
// prisma/schema.prisma. Needs no database (an in-memory PGlite is the shadow database).
import { writeMigration } from './migrate.ts';

const name = process.argv[2];
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}
try {
  const written = await writeMigration(name);
  console.log(written ? `wrote ${written}/migration.sql` : 'schema unchanged: no migration written');
  process.exitCode = 0;
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
// the wasm engine leaves a timer behind after free()
process.exit();
