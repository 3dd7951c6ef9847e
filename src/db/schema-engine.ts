// Prisma's schema engine (migrations, diffs) without its native binary: the same engine compiled
// to WebAssembly (@prisma/schema-engine-wasm), driven through a Prisma driver adapter. This works
// offline on PostgreSQL and on embedded PGlite.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type Wasm = typeof import('@prisma/schema-engine-wasm');
type WasmExports = Record<string, unknown>;
// Node has WebAssembly, but its types live in TypeScript's DOM library, which this project does not load.
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: WasmExports };
  };
};
let wasmModule: Promise<Wasm> | undefined;

/** Node cannot `import x from "*.wasm"` without a flag, so the wasm-bindgen module is instantiated by hand. */
function loadSchemaEngineWasm(): Promise<Wasm> {
  return (wasmModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Wasm & {
      __wbg_set_wasm(exports: WasmExports): void;
    };
    const module = new WebAssembly.Module(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })());
}

/** The migrations folder in the shape the engine expects (the Prisma CLI's own listMigrations()). */
export function listMigrations(baseDir: string) {
  const abs = path.resolve(baseDir);
  const lockPath = path.join(abs, 'migration_lock.toml');
  const dirs = fs.existsSync(abs)
    ? fs
        .readdirSync(abs, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort((a, b) => a.localeCompare(b))
    : [];
  return {
    baseDir: abs,
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => {
      const file = path.join(abs, name, 'migration.sql');
      let content: { tag: 'ok'; value: string } | { tag: 'error'; value: string };
      try {
        content = { tag: 'ok', value: fs.readFileSync(file, 'utf8') };
      } catch (e) {
        content = { tag: 'error', value: (e as Error).message };
      }
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  };
}

export const noFilters = { externalTables: [] as string[], externalEnums: [] as string[] };

type Adapter = Awaited<ReturnType<SqlMigrationAwareDriverAdapterFactory['connect']>>;
type PatchableAdapter = Adapter & {
  client: { exec?: (sql: string) => Promise<unknown>; query: (sql: string) => Promise<unknown> };
  onError(error: unknown): never;
  performIO?: (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] }>;
};

/**
 * Work-arounds for adapter bugs met by the schema engine (keep until fixed upstream):
 * 1. @prisma/adapter-pg 7.10 splits scripts on ';', breaking strings and $$ bodies: send the
 *    migration whole, as one simple-protocol query (one implicit transaction, as the native engine).
 * 2. pglite-prisma-adapter 0.7.2 does not await exec(), so a failing migration would be recorded
 *    as applied: await it and report the error.
 * 3. adapter-pg cannot read PostgreSQL's internal "char" type (OID 18) that introspection returns:
 *    report it as text.
 */
function withWholeScript(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const patch = async (pending: Promise<Adapter>): Promise<Adapter> => {
    const adapter = (await pending) as PatchableAdapter;
    const isPGlite = typeof adapter.client.exec === 'function';
    adapter.executeScript = async (script: string) => {
      try {
        if (isPGlite) await adapter.client.exec!(script);
        else await adapter.client.query(script);
      } catch (e) {
        adapter.onError(e);
      }
    };
    if (!isPGlite && adapter.performIO) {
      const performIO = adapter.performIO.bind(adapter);
      adapter.performIO = async (query: unknown) => {
        const result = await performIO(query);
        for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
        return result;
      };
    }
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => patch(factory.connect()),
    connectToShadowDb: () => patch(factory.connectToShadowDb()),
  };
}

/**
 * Opens the wasm schema engine on an adapter factory. The engine's free() neither disposes the
 * adapters it opened (a pg Pool would keep the process alive) nor its timers, so the adapters are
 * tracked and disposed by close().
 */
export async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory) {
  const { SchemaEngine } = await loadSchemaEngineWasm();
  const opened: Adapter[] = [];
  const patched = withWholeScript(factory);
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: patched.provider,
    adapterName: patched.adapterName,
    connect: async () => {
      const adapter = await patched.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await patched.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const log = (line: string) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) console.error('[schema-engine]', line);
  };
  const engine = await SchemaEngine.new({ datamodels: undefined }, log, bindMigrationAwareSqlAdapterFactory(tracked));
  const close = async () => {
    engine.free();
    for (const adapter of opened.splice(0)) await adapter.dispose();
  };
  return { engine, close };
}
