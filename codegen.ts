// npm run codegen: typed documents for the operations the tests use (test/gql/), and for the
// example client documents (examples/gql/, with persisted-documents.json: the trusted documents
// that TRUSTED_DOCUMENTS=only accepts), and for the reference web client (examples/web/src/gql/).
// All are committed; CI fails when they are out of date.
import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

const typeScript = {
  useTypeImports: true,
  enumsAsTypes: true,
  emitLegacyCommonJSImports: false,
  scalars: { DateTime: 'string', JSON: 'unknown' },
};

const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typeScript,
    },
    'examples/gql/': {
      documents: ['examples/documents/*.graphql'],
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // the plain hex SHA-256 of each document: what a client sends as
        // extensions.persistedQuery.sha256Hash (the preset's own 'sha256' prefixes it with "sha256:")
        persistedDocuments: { hashAlgorithm: (document: string) => createHash('sha256').update(document).digest('hex') },
      },
      config: typeScript,
    },
    'examples/web/src/gql/': {
      documents: ['examples/web/src/**/*.{ts,tsx}', '!examples/web/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: typeScript,
    },
  },
};

export default config;
