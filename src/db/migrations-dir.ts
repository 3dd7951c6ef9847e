// Where the migrations are, from the source tree and from dist/ alike (both sit two levels down).
import { fileURLToPath } from 'node:url';

export const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
