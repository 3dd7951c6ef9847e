// The committed artefacts stay in step with the code: schema.graphql, the migrations, and the
// tools around them (new migrations with no database, prisma migrate deploy, the token script).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { printedSchema, schemaFile } from '../src/schema/print.ts';
import { diffMigrationsToSchema, migrationsDir, schemaPath, writeMigration } from '../src/db/migrate.ts';
import { Authenticator } from '../src/auth/identity.ts';
import { adminUrl, databaseUrl } from './helpers/pg-urls.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe('generated and committed files', () => {
  it('schema.graphql is the schema printed from the code (npm run schema)', () => {
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(printedSchema());
  });

  it('prisma/migrations build exactly prisma/schema.prisma', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  });

  it('notices when schema.prisma and the migrations drift apart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-drift-'));
    const schema = path.join(dir, 'schema.prisma');
    fs.writeFileSync(
      schema,
      fs.readFileSync(schemaPath, 'utf8').replace('  lastSeenAt      DateTime?', '  nickname        String?\n  lastSeenAt      DateTime?'),
    );
    const diff = await diffMigrationsToSchema(migrationsDir, schema);
    expect(diff).toContain('"nickname" TEXT');
  });
});

describe('npm run db:migration', () => {
  it('writes a new migration with no database, and nothing when the schema is unchanged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-migrations-'));
    fs.cpSync(migrationsDir, dir, { recursive: true });
    expect(await writeMigration('unchanged', dir)).toBeUndefined();

    const schema = path.join(dir, 'schema.prisma');
    fs.writeFileSync(
      schema,
      fs
        .readFileSync(schemaPath, 'utf8')
        .replace('  category               String?', '  category               String?\n  region                 String?'),
    );
    const written = await writeMigration('add_region', dir, schema);
    expect(written).toMatch(/_add_region$/);
    expect(fs.readFileSync(path.join(written!, 'migration.sql'), 'utf8')).toContain('ADD COLUMN     "region" TEXT');
    // and the folder now agrees with the changed schema
    expect(await diffMigrationsToSchema(dir, schema)).toBe('');
  });

  it('runs as a script', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/db/new-migration.ts', 'nothing_to_do'], { cwd: root });
    expect(stdout).toContain('schema unchanged');
  });
});

describe('npm run token', () => {
  it('prints a token that the server accepts', async () => {
    const secret = 'token-script-secret-token-script-secret';
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', 'ada', 'Ada', 'Lovelace'], {
      cwd: root,
      env: { ...process.env, AUTH_SECRET: secret, API_KEY: 'token-script-api-key', NODE_ENV: 'development' },
    });
    const token = stdout.trim();
    const viewer = await new Authenticator({ authSecret: secret, apiKey: 'x', maxTokenLifetimeSeconds: 86_400 * 30 }).authenticate({
      authorization: `Bearer ${token}`,
    });
    expect(viewer).toMatchObject({ userId: 'ada', profile: { displayName: 'Ada Lovelace' } });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('npx prisma migrate deploy', () => {
  it('applies the migrations to a new PostgreSQL database with the offline engine', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `parley_cli_${Date.now().toString(36)}`;
    const admin = new pg.Client(adminUrl(url));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const { stdout } = await run('npx', ['prisma', 'migrate', 'deploy'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl(url, name) },
      });
      expect(stdout).toMatch(/applied|No pending migrations/i);
      const db = new pg.Client(databaseUrl(url, name));
      await db.connect();
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
      await db.end();
      expect(rows[0].n).toBe(fs.readdirSync(migrationsDir).filter((d) => !d.endsWith('.toml')).length);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
