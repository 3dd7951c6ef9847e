// Trusted documents: with TRUSTED_DOCUMENTS=only, Parley runs the documents of a persisted-documents
// manifest (codegen's client preset writes one: { "<sha256 hex>": "<document>" }), sent by their hash
// in extensions.persistedQuery, and nothing else. With the default, open, any document runs, and a
// document of the manifest may be sent by its hash as well, so one client build serves both.
//
// @graphql-yoga/plugin-persisted-operations makes the decision, in Yoga's onParams: HTTP requests
// and SSE subscriptions on /graphql go through it there. graphql-ws operations and operations posted
// to the graphql-sse stream endpoint are parsed around Yoga's request pipeline, so they go through
// resolve(), which runs the same plugin on their parameters first: one decision on every transport.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, OnParamsEventPayload, Plugin } from 'graphql-yoga';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { ConfigError, type Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

type Settings = Config['trustedDocuments'];

const sha256Hex = /^[0-9a-f]{64}$/;

/** The manifest's documents by hash; every key checked to be the SHA-256 of its document. */
function loadManifest(settings: Settings, logger: Logger): ReadonlyMap<string, string> {
  const { file, mode } = settings;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (mode === 'only') {
      throw new ConfigError(
        `Invalid configuration:\n  TRUSTED_DOCUMENTS_FILE: ${file} does not exist; TRUSTED_DOCUMENTS=only needs the ` +
          'persisted-documents manifest of your clients (npm run codegen writes examples/gql/persisted-documents.json)',
      );
    }
    logger.warn({ file }, 'no trusted documents manifest: documents sent by hash will not be found');
    return new Map();
  }
  const invalid = (why: string) => new ConfigError(`Invalid configuration:\n  TRUSTED_DOCUMENTS_FILE: ${file} ${why}`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw invalid('is not JSON');
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw invalid('must hold a JSON object of { "<sha256 hex>": "<document>" }');
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    if (typeof document !== 'string') throw invalid(`has a document that is not a string, under ${hash}`);
    // a key that is not its document's hash would let a client name one document and run another
    if (!sha256Hex.test(hash) || createHash('sha256').update(document).digest('hex') !== hash) {
      throw invalid(`has a key that is not the SHA-256 (hex) of its document: ${hash.slice(0, 80)} (make it with the hash of codegen.ts)`);
    }
    documents.set(hash, document);
  }
  return documents;
}

function hashOf(params: OperationParams): string | null {
  const hash = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

/**
 * The decision is about documents: a request with neither a document nor a hash is malformed,
 * and is left to the usual checks (Yoga answers it 400, as GraphQL over HTTP asks).
 */
function carriesDocument(params: OperationParams): boolean {
  return (typeof params.query === 'string' && params.query !== '') || hashOf(params) !== null;
}

export interface TrustedDocuments {
  /** Yoga's side: the decision for HTTP and SSE requests on /graphql */
  readonly plugin: Plugin;
  /**
   * The same decision for an operation that comes in around Yoga's request pipeline: the text of
   * the document to run (the trusted document's, when it came by hash), an AppError refusing it, or
   * null when it carries neither a document nor a hash (the transport answers it as malformed).
   */
  resolve(params: OperationParams): Promise<string | null>;
}

/** An operation's parameters as a transport received them. */
interface OperationParams {
  query?: string | null;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

export function createTrustedDocuments(settings: Settings, logger: Logger): TrustedDocuments {
  const documents = loadManifest(settings, logger);
  const only = settings.mode === 'only';
  const sendByHash = 'put { "version": 1, "sha256Hash": "<the document\'s SHA-256, hex>" } in extensions.persistedQuery';
  const persisted = usePersistedOperations({
    allowArbitraryOperations: !only,
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    customErrors: {
      persistedQueryOnly: () =>
        new AppError(
          'FORBIDDEN',
          `This server runs trusted documents only (TRUSTED_DOCUMENTS=only): send the document by its hash instead of its text: ${sendByHash}.`,
        ),
      notFound: ({ params }) => {
        const hash = hashOf(params) ?? '';
        return new AppError(
          'NOT_FOUND',
          only
            ? `No trusted document has the hash ${hash.slice(0, 80)}: the server's manifest does not hold it (deploy the client's persisted documents with the server).`
            : `No trusted document has the hash ${hash.slice(0, 80)}: send the document's text in query.`,
          { sha256Hash: hash.slice(0, 80) },
        );
      },
    },
  });
  const decide = persisted.onParams!;
  return {
    plugin: { ...persisted, onParams: (payload) => (carriesDocument(payload.params) ? decide(payload) : undefined) } as Plugin,
    async resolve(params) {
      if (!carriesDocument(params)) return null;
      let query = params.query ?? '';
      // what the plugin reads of Yoga's payload when allowArbitraryOperations is a boolean and the
      // documents are text: the parameters, and where to put the new ones
      const payload = { params, setParams: (next: GraphQLParams) => (query = next.query ?? ''), context: {} };
      await decide(payload as unknown as OnParamsEventPayload);
      return query;
    },
  };
}

/**
 * graphql-sse's stream endpoint (its "single connection" mode) parses the operations posted to it
 * itself, so they are resolved before it sees them: a refusal answers 400 as graphql-sse answers a
 * bad document, and a trusted document's text takes the place of its hash.
 */
export function useTrustedStreamOperations(trusted: TrustedDocuments, streamEndpoint: string): Plugin {
  return {
    async onRequest({ request, url, setRequest, endResponse, fetchAPI }) {
      if (url.pathname !== streamEndpoint) return;
      const isPost = request.method === 'POST' && (request.headers.get('content-type') ?? '').includes('application/json');
      if (!isPost && !(request.method === 'GET' && (url.searchParams.has('query') || url.searchParams.has('extensions')))) return;
      let params: OperationParams;
      try {
        params = isPost
          ? ((await request.clone().json()) as GraphQLParams)
          : {
              query: url.searchParams.get('query'),
              extensions: JSON.parse(url.searchParams.get('extensions') ?? 'null') as OperationParams['extensions'],
            };
      } catch {
        return; // not JSON: graphql-sse answers it
      }
      if (params === null || typeof params !== 'object') return;
      let query: string | null;
      try {
        query = await trusted.resolve(params);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        endResponse(fetchAPI.Response.json({ errors: [error.toJSON()] }, { status: 400 }));
        return;
      }
      if (query === null || query === params.query) return;
      const headers = new fetchAPI.Headers(request.headers);
      if (isPost) {
        headers.delete('content-length'); // the body's own, not the new one's
        setRequest(new fetchAPI.Request(request.url, { method: 'POST', headers, body: JSON.stringify({ ...params, query }) }));
      } else {
        const rewritten = new URL(url);
        rewritten.searchParams.set('query', query);
        setRequest(new fetchAPI.Request(rewritten, { method: 'GET', headers }));
      }
    },
  };
}
