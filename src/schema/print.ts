// npm run schema: prints the schema built from the code into schema.graphql (committed; a test
// fails when the two differ).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { schema } from './index.ts';

export const schemaFile = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.writeFileSync(schemaFile, printedSchema());
  console.log(`wrote ${schemaFile}`);
}
