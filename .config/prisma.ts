import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// The Prisma 7 CLI wants a native schema-engine binary before generate/validate and runs it for
// migrate/db commands. Downloading it is not possible offline, so point the CLI at a shim backed by
// @prisma/schema-engine-wasm (see prisma/schema-engine-shim.mjs).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL('../prisma/schema-engine-shim.mjs', import.meta.url));

export default defineConfig({
  schema: '../prisma/schema.prisma',
  migrations: { path: '../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/parley' },
});
