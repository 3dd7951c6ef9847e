// Trusted documents: with TRUSTED_DOCUMENTS=only, the documents of the persisted-documents manifest
// (examples/gql/persisted-documents.json, written by npm run codegen) run by their hash on HTTP,
// SSE (both graphql-sse modes) and graphql-ws, and any other document is refused before it runs;
// with the default, open, text and hashes both run. The hashes come from the generated documents'
// __meta__.hash, as a client built with codegen sends them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, print, validate, type ExecutionResult } from 'graphql';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { ConfigError, parseConfig } from '../src/config.ts';
import { createTrustedDocuments } from '../src/plugins/trusted-documents.ts';
import { createLogger } from '../src/logger.ts';
import { schema } from '../src/schema/index.ts';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import { until, wsClient } from './helpers/ws.ts';
import { spawnParley } from './helpers/process.ts';
import { CreateConversationDocument, InboxDocument, MessageAddedDocument, SendMessageDocument } from '../examples/gql/graphql.js';

const manifestFile = path.resolve(import.meta.dirname, '../examples/gql/persisted-documents.json');

/** the hash codegen embedded in a generated document */
const hashOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
const byHash = (document: unknown) => ({ persistedQuery: { version: 1, sha256Hash: hashOf(document) } });

interface Payload {
  query?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** A POST to /graphql over the app's port. */
async function post(app: TestApp, payload: Payload, as = 'ann'): Promise<ExecutionResult<Record<string, never>>> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token(as)}` },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as ExecutionResult<Record<string, never>>;
}

/** What a graphql-sse client collects of one subscription. */
function sseCollect(client: SseClient<boolean>, payload: Payload) {
  const state = { results: [] as ExecutionResult[], error: undefined as unknown };
  client.subscribe({ query: '', ...payload } as { query: string }, {
    next: (value) => void state.results.push(value as ExecutionResult),
    error: (error) => void (state.error = error),
    complete: () => undefined,
  });
  return state;
}

async function conversationOf(app: TestApp): Promise<string> {
  const created = await post(app, {
    extensions: byHash(CreateConversationDocument),
    variables: { input: { title: 'Trusted', memberIds: ['bob'] } },
  });
  expect(created.errors).toBeUndefined();
  return (created.data as unknown as { createConversation: { id: string } }).createConversation.id;
}

/** Sends messages by hash until `arrived` holds (a subscription is live once one reaches it). */
async function sendUntil(app: TestApp, conversationId: string, body: string, arrived: () => boolean) {
  await until(
    async () => {
      const sent = await post(app, { extensions: byHash(SendMessageDocument), variables: { input: { conversationId, body } } });
      expect(sent.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return arrived();
    },
    10_000,
    `"${body}" to arrive`,
  );
}

const bodiesOf = (results: ExecutionResult<unknown>[]) =>
  results.map((r) => (r.data as { messageAdded?: { body: string } } | undefined)?.messageAdded?.body);

describe('TRUSTED_DOCUMENTS=only', () => {
  let app: TestApp;
  let conversationId: string;

  beforeAll(async () => {
    app = await startApp({ trustedDocuments: { mode: 'only', file: manifestFile } });
    await app.listen();
    // users are made on first sight (upsertUser is text, refused here like any other)
    for (const user of ['ann', 'bob']) await post(app, { extensions: byHash(InboxDocument) }, user);
    conversationId = await conversationOf(app);
  });
  afterAll(() => app?.stop());

  it('runs a trusted document by its hash, over POST and GET', async () => {
    const posted = await post(app, { extensions: byHash(InboxDocument), variables: { first: 5 } });
    expect(posted.errors).toBeUndefined();
    expect(posted.data).toMatchObject({ viewer: { id: 'ann' }, conversations: { totalCount: 1 } });

    const url = new URL(app.url);
    url.searchParams.set('extensions', JSON.stringify(byHash(InboxDocument)));
    const got = await fetch(url, { headers: { authorization: `Bearer ${await app.token('bob')}`, accept: 'application/json' } });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ data: { viewer: { id: 'bob' } } });
  });

  it('refuses any document sent as text, a trusted one and introspection included, and runs nothing', async () => {
    const inboxText = await post(app, { query: print(InboxDocument) });
    expect(errorCodes(inboxText)).toEqual(['FORBIDDEN']);
    expect(inboxText.errors![0]!.message).toMatch(/trusted documents only.*sha256Hash.*in extensions\.persistedQuery/);
    expect(inboxText.data).toBeUndefined();

    expect(errorCodes(await post(app, { query: '{ __schema { types { name } } }' }))).toEqual(['FORBIDDEN']);
    // text alongside a hash is refused too: the text would be what runs
    const both = await post(app, {
      query: 'mutation { createConversation(input: { title: "Sneaky" }) { id } }',
      extensions: byHash(InboxDocument),
    });
    expect(errorCodes(both)).toEqual(['FORBIDDEN']);
    const inbox = await post(app, { extensions: byHash(InboxDocument) });
    expect(inbox.data).toMatchObject({ conversations: { totalCount: 1 } });
  });

  it('answers NOT_FOUND for a hash the manifest does not hold', async () => {
    const unknown = 'a'.repeat(64);
    const result = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(result.errors![0]!.message).toContain(unknown);
    expect(result.errors![0]!.extensions).toMatchObject({ sha256Hash: unknown });
  });

  it('leaves a request with neither a document nor a hash to the usual 400', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ variables: {} }),
    });
    expect(response.status).toBe(400);
  });

  it('runs a subscription by hash over graphql-ws, and refuses one sent as text', async () => {
    const ws = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
    try {
      const text = ws.subscribeWith({ query: print(MessageAddedDocument), variables: { conversationId } });
      await until(() => text.error !== undefined || text.results.length > 0, 5_000, 'the text subscription to be answered');
      expect((text.error as { extensions?: { code?: string } }[])[0]!.extensions?.code).toBe('FORBIDDEN');

      const live = ws.subscribeWith({ query: '', variables: { conversationId }, extensions: byHash(MessageAddedDocument) });
      await sendUntil(app, conversationId, 'over graphql-ws', () => bodiesOf(live.results).includes('over graphql-ws'));
      expect(live.error).toBeUndefined();
    } finally {
      await ws.dispose();
    }
  });

  it('runs a subscription by hash over SSE (distinct connections), and refuses one sent as text', async () => {
    const client = createSseClient({ url: app.url, headers: { authorization: `Bearer ${await app.token('bob')}` }, retryAttempts: 0 });
    try {
      const text = sseCollect(client, { query: print(MessageAddedDocument), variables: { conversationId } });
      await until(() => text.results.length > 0 || text.error !== undefined, 5_000, 'the text subscription to be answered');
      expect(errorCodes(text.results[0] ?? {})).toEqual(['FORBIDDEN']);

      const live = sseCollect(client, { variables: { conversationId }, extensions: byHash(MessageAddedDocument) });
      await sendUntil(app, conversationId, 'over SSE', () => bodiesOf(live.results).includes('over SSE'));
      expect(live.error).toBeUndefined();
    } finally {
      client.dispose();
    }
  });

  it('runs a subscription by hash on the graphql-sse stream (single connection), and refuses one sent as text', async () => {
    const client = createSseClient({
      url: app.url.replace(/\/graphql$/, '/graphql/stream'),
      headers: { authorization: `Bearer ${await app.token('bob')}` },
      singleConnection: true,
      retryAttempts: 0,
    });
    try {
      const text = sseCollect(client, { query: print(MessageAddedDocument), variables: { conversationId } });
      await until(() => text.results.length > 0 || text.error !== undefined, 5_000, 'the text subscription to be answered');
      expect(text.results).toEqual([]);
      // the posted operation is answered 400, as graphql-sse answers a bad document
      expect((text.error as { response?: Response }).response?.status).toBe(400);
      const stream = app.url.replace(/\/graphql$/, '/graphql/stream');
      const authorization = `Bearer ${await app.token('bob')}`;
      const token = await (await fetch(stream, { method: 'PUT', headers: { authorization } })).text();
      const posted = await fetch(stream, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
        body: JSON.stringify({ query: print(MessageAddedDocument), variables: { conversationId }, extensions: { operationId: 'x' } }),
      });
      expect(posted.status).toBe(400);
      expect(await posted.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });

      const live = sseCollect(client, { variables: { conversationId }, extensions: byHash(MessageAddedDocument) });
      await sendUntil(app, conversationId, 'on the stream', () => bodiesOf(live.results).includes('on the stream'));
      expect(live.error).toBeUndefined();
    } finally {
      client.dispose();
    }
  });
});

describe('TRUSTED_DOCUMENTS=open (the default)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
    await app.listen();
    await app.users('ann', 'bob');
  });
  afterAll(() => app?.stop());

  it('is the default', () => {
    expect(parseConfig({}).trustedDocuments).toEqual({ mode: 'open', file: 'examples/gql/persisted-documents.json' });
  });

  it('runs documents sent as text and trusted ones sent by hash', async () => {
    const text = await post(app, { query: '{ viewer { id } __schema { queryType { name } } }' });
    expect(text.errors).toBeUndefined();
    expect(text.data).toMatchObject({ viewer: { id: 'ann' } });
    const hashed = await post(app, { extensions: byHash(InboxDocument) });
    expect(hashed.errors).toBeUndefined();
    expect(hashed.data).toMatchObject({ viewer: { id: 'ann' }, conversations: { totalCount: 0 } });

    const unknown = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } });
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    expect(unknown.errors![0]!.message).toMatch(/send the document's text in query/);
  });

  it('runs text and hashes over graphql-ws', async () => {
    const conversationId = await conversationOf(app);
    const ws = wsClient(app.url, { authorization: `Bearer ${await app.token('bob')}` });
    try {
      const text = ws.subscribeWith({ query: print(MessageAddedDocument), variables: { conversationId } });
      const hashed = ws.subscribeWith({ query: '', variables: { conversationId }, extensions: byHash(MessageAddedDocument) });
      await sendUntil(
        app,
        conversationId,
        'to both',
        () => bodiesOf(text.results).includes('to both') && bodiesOf(hashed.results).includes('to both'),
      );
    } finally {
      await ws.dispose();
    }
  });

  it('serves GraphiQL', async () => {
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('renderYogaGraphiQL');
  });
});

describe('the manifest', () => {
  const logger = createLogger('silent');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-trusted-'));
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('is the generated one, and its documents are valid against the schema', () => {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(manifest)).toContain(hashOf(InboxDocument));
    for (const document of Object.values(manifest)) expect(validate(schema, parse(document))).toEqual([]);
  });

  it('must exist under only; under open, a missing one means no document by hash', () => {
    const missing = path.join(dir, 'missing.json');
    expect(() => createTrustedDocuments({ mode: 'only', file: missing }, logger)).toThrow(ConfigError);
    expect(() => createTrustedDocuments({ mode: 'only', file: missing }, logger)).toThrow(
      /TRUSTED_DOCUMENTS_FILE: .*missing\.json does not exist/,
    );
    expect(() => createTrustedDocuments({ mode: 'open', file: missing }, logger)).not.toThrow();
  });

  it('refuses a manifest whose keys are not the SHA-256 of their documents, or that is not one', () => {
    const only = (file: string) => () => createTrustedDocuments({ mode: 'only', file }, logger);
    expect(only(write('prefixed.json', JSON.stringify({ 'sha256:abc': '{ viewer { id } }' })))).toThrow(/not the SHA-256/);
    expect(only(write('swapped.json', JSON.stringify({ [hashOf(InboxDocument)]: '{ viewer { id } }' })))).toThrow(/not the SHA-256/);
    expect(only(write('broken.json', '{ nope'))).toThrow(/is not JSON/);
    expect(only(write('list.json', '["{ viewer { id } }"]'))).toThrow(/JSON object/);
    expect(only(write('number.json', JSON.stringify({ [hashOf(InboxDocument)]: 1 })))).toThrow(/not a string/);
  });

  it('names a bad TRUSTED_DOCUMENTS value', () => {
    expect(() => parseConfig({ TRUSTED_DOCUMENTS: 'sometimes' })).toThrow(/TRUSTED_DOCUMENTS/);
    expect(parseConfig({ TRUSTED_DOCUMENTS: 'only' }).trustedDocuments.mode).toBe('only');
  });

  it('stops npm start with the message when the manifest is missing under only', async () => {
    const server = spawnParley({
      PORT: '0',
      PGLITE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'parley-data-')),
      TRUSTED_DOCUMENTS: 'only',
      TRUSTED_DOCUMENTS_FILE: path.join(dir, 'absent.json'),
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('TRUSTED_DOCUMENTS_FILE');
    expect(server.output()).not.toMatch(/\bat .*\.js:\d+/); // a message, not a stack
  });
});
