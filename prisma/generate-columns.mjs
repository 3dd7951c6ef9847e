#!/usr/bin/env node
// A Prisma generator: writes src/generated/columns.ts, every model's table and each scalar field's
// column, type and kind, read from the schema's DMMF. Hand-written SQL names its columns through
// this map (src/db/columns.ts), so a @map changed in schema.prisma changes the SQL with it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import generatorHelper from '@prisma/generator-helper';

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: 'Parley column map', defaultOutput: '../src/generated/columns.ts' }),
  onGenerate: async (options) => {
    const models = {};
    for (const model of options.dmmf.datamodel.models) {
      const fields = {};
      for (const field of model.fields) {
        if (field.kind !== 'scalar' && field.kind !== 'enum') continue;
        // Unsupported types (the search vector) are never selected as model fields
        if (field.type === 'Unsupported') continue;
        fields[field.name] = { column: field.dbName ?? field.name, type: field.type, kind: field.kind, isList: field.isList };
      }
      models[model.name] = { table: model.dbName ?? model.name, fields };
    }
    const output = options.generator.output.value;
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(
      output,
      `// Generated from prisma/schema.prisma by prisma/generate-columns.mjs. Do not edit.\n` +
        `export const models = ${JSON.stringify(models, null, 2)} as const;\n\n` +
        `export type ModelName = keyof typeof models;\n`,
    );
  },
});
