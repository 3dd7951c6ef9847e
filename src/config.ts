// Configuration: environment variables, validated once at start. Every variable is documented in
// the README's configuration table; a bad value stops the server with a message naming it.
import { z } from 'zod';
import { webhookEventTypes } from './notifications/events.ts';

const intFrom = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).optional(),
    PORT: intFrom(4000, 0, 65535),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    // connections in the pool when DATABASE_URL is set
    DATABASE_POOL_SIZE: intFrom(10, 1, 1000),
    PGLITE_DIR: z.string().min(1).default('.data'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    // channel prefix, so several deployments (or test runs) can share one Redis
    REDIS_PREFIX: z.string().max(100).default('parley:'),
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    // a token's exp may be at most this far ahead (tokens without exp are refused)
    MAX_TOKEN_LIFETIME_SECONDS: intFrom(30 * 86_400, 60, 366 * 86_400),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GRAPHIQL: boolean(true),
    // POST /dev/token and GraphiQL's "act as" box; only ever with NODE_ENV=development
    DEV_TOKENS: boolean(true),
    INTROSPECTION: boolean(true),
    // Prometheus metrics at /metrics
    METRICS: boolean(true),
    // operation limits (graphql-armor), per operation
    MAX_DEPTH: intFrom(15, 1, 1000),
    // each field 1, a paged field's selection times its page size (variables counted)
    MAX_COST: intFrom(10_000, 1, 10_000_000),
    MAX_ALIASES: intFrom(30, 0, 10_000),
    MAX_TOKENS: intFrom(5_000, 10, 1_000_000),
    MAX_DIRECTIVES: intFrom(50, 0, 10_000),
    // the largest request body accepted, in bytes (413 above it)
    MAX_REQUEST_BYTES: intFrom(1024 * 1024, 1024, 100 * 1024 * 1024),
    // mutations per user per window (each root field counts one); 0 turns the limit off
    RATE_LIMIT_MUTATIONS: intFrom(300, 0, 1_000_000),
    RATE_LIMIT_WINDOW_SECONDS: intFrom(60, 1, 86_400),
    // typing, read marks and watches per user per window, apart from the other mutations; 0: no limit
    RATE_LIMIT_LIGHT_MUTATIONS: intFrom(1200, 0, 1_000_000),
    // the API key's own allowance per window; 0: exempt
    RATE_LIMIT_API_KEY_MUTATIONS: intFrom(0, 0, 10_000_000),
    // content limits
    MAX_BODY_LENGTH: intFrom(10_000, 1, 1_000_000),
    MAX_TITLE_LENGTH: intFrom(200, 1, 10_000),
    MAX_IDS_PER_REQUEST: intFrom(100, 1, 10_000),
    MAX_ATTACHMENTS: intFrom(10, 0, 1000),
    MAX_PAGE_SIZE: intFrom(100, 1, 10_000),
    // a watch started over HTTP lasts this long unless renewed
    WATCH_TTL_SECONDS: intFrom(300, 5, 86_400),
    // live connections: refreshed every third of this while alive; a crashed instance's lapse after it
    CONNECTION_TTL_SECONDS: intFrom(30, 2, 3600),
    // WebSocket keep-alive: a ping this often; no pong by the next one closes the socket
    WS_PING_INTERVAL_SECONDS: intFrom(15, 1, 3600),
    // a socket whose unsent data grows past this is closed (slow consumer)
    WS_MAX_BUFFERED_BYTES: intFrom(4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    MAX_SUBSCRIPTIONS_PER_CONNECTION: intFrom(100, 1, 100_000),
    // a typing indicator ends by itself after this long without a new sendTypingEvent
    TYPING_TIMEOUT_SECONDS: intFrom(5, 1, 300),
    // notifications (README "Webhooks", "Push notifications"): this instance delivers from the outbox
    NOTIFICATIONS: boolean(true),
    NOTIFY_POLL_MS: intFrom(1000, 10, 600_000),
    NOTIFY_CONCURRENCY: intFrom(16, 1, 1000),
    NOTIFY_TIMEOUT_MS: intFrom(10_000, 100, 120_000),
    NOTIFY_RETRY_BASE_MS: intFrom(2000, 10, 3_600_000),
    NOTIFY_RETRY_MAX_SECONDS: intFrom(3600, 1, 86_400),
    // a delivery is retried this long; an endpoint failing every delivery this long is disabled
    NOTIFY_RETRY_WINDOW_SECONDS: intFrom(86_400, 1, 30 * 86_400),
    // push endpoints come from users: loopback, private and link-local addresses are refused unless this is set
    PUSH_ALLOW_PRIVATE_ENDPOINTS: boolean(false),
    VAPID_PUBLIC_KEY: z.string().min(1).optional(),
    VAPID_PRIVATE_KEY: z.string().min(1).optional(),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
      .default('mailto:push@parley.invalid'),
    // one webhook endpoint by environment (more through createWebhook)
    WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must be a Standard Webhooks secret (whsec_ and base64)')
      .optional(),
    // comma-separated event names (MESSAGE_NEW, MEMBER_ADDED, ...); empty: every event but PUSH
    WEBHOOK_EVENTS: z
      .string()
      .default('')
      .refine(
        (list) => list.split(',').every((name) => !name.trim() || name.trim() in webhookEventTypes),
        `must list event names among ${Object.keys(webhookEventTypes).join(', ')}`,
      ),
    // only: run nothing but the documents of the manifest, sent by hash (README "Trusted documents")
    TRUSTED_DOCUMENTS: z.enum(['open', 'only']).default('open'),
    // the persisted-documents manifest, { "<sha256 hex>": "<document>" }; npm run codegen writes this one
    TRUSTED_DOCUMENTS_FILE: z.string().min(1).default('examples/gql/persisted-documents.json'),
    // uploads (README "Uploads"): where the files are kept, what is accepted, how long links last
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    UPLOAD_STORE: z.enum(['disk']).default('disk'),
    UPLOAD_DIR: z.string().min(1).default('.data/uploads'),
    UPLOAD_MAX_BYTES: intFrom(10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    UPLOAD_TYPES: z
      .string()
      .default('image/png,image/jpeg,image/gif,image/webp,application/pdf,audio/mpeg,audio/ogg,audio/mp4,video/mp4,video/webm')
      .refine((list) => list.split(',').every((t) => /^[\w.+-]+\/[\w.+-]+$/.test(t.trim())), 'must list media types separated by commas'),
    UPLOAD_THUMBNAIL_SIZE: intFrom(320, 16, 4096),
    UPLOAD_ORPHAN_TTL_SECONDS: intFrom(86_400, 1, 365 * 86_400),
    UPLOAD_URL_TTL_SECONDS: intFrom(3600, 10, 7 * 86_400),
    UPLOAD_SWEEP_INTERVAL_SECONDS: intFrom(300, 1, 86_400),
  })
  .transform((env) => ({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    pgliteDir: env.PGLITE_DIR,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    authSecret: env.AUTH_SECRET,
    apiKey: env.API_KEY,
    maxTokenLifetimeSeconds: env.MAX_TOKEN_LIFETIME_SECONDS,
    logLevel: env.LOG_LEVEL,
    graphiql: env.GRAPHIQL,
    // the setting; the server also requires development (devTokensServed)
    devTokens: env.DEV_TOKENS,
    introspection: env.INTROSPECTION,
    metrics: env.METRICS,
    operationLimits: {
      depth: env.MAX_DEPTH,
      cost: env.MAX_COST,
      aliases: env.MAX_ALIASES,
      tokens: env.MAX_TOKENS,
      directives: env.MAX_DIRECTIVES,
    },
    maxRequestBytes: env.MAX_REQUEST_BYTES,
    rateLimits: {
      mutations: env.RATE_LIMIT_MUTATIONS,
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      lightMutations: env.RATE_LIMIT_LIGHT_MUTATIONS,
      apiKeyMutations: env.RATE_LIMIT_API_KEY_MUTATIONS,
    },
    limits: {
      bodyLength: env.MAX_BODY_LENGTH,
      titleLength: env.MAX_TITLE_LENGTH,
      idsPerRequest: env.MAX_IDS_PER_REQUEST,
      attachments: env.MAX_ATTACHMENTS,
      pageSize: env.MAX_PAGE_SIZE,
    },
    watchTtlSeconds: env.WATCH_TTL_SECONDS,
    live: {
      connectionTtlSeconds: env.CONNECTION_TTL_SECONDS,
      pingIntervalSeconds: env.WS_PING_INTERVAL_SECONDS,
      maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
      maxSubscriptionsPerConnection: env.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      typingTimeoutSeconds: env.TYPING_TIMEOUT_SECONDS,
    },
    notifications: {
      worker: env.NOTIFICATIONS,
      pollMs: env.NOTIFY_POLL_MS,
      concurrency: env.NOTIFY_CONCURRENCY,
      timeoutMs: env.NOTIFY_TIMEOUT_MS,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
      maxRetryDelayMs: env.NOTIFY_RETRY_MAX_SECONDS * 1000,
      retryWindowMs: env.NOTIFY_RETRY_WINDOW_SECONDS * 1000,
      allowPrivatePushEndpoints: env.PUSH_ALLOW_PRIVATE_ENDPOINTS,
      vapid: { subject: env.VAPID_SUBJECT, publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY },
      webhook: env.WEBHOOK_URL
        ? {
            url: env.WEBHOOK_URL,
            secret: env.WEBHOOK_SECRET,
            events: env.WEBHOOK_EVENTS.split(',')
              .map((e) => e.trim())
              .filter(Boolean),
          }
        : null,
    },
    trustedDocuments: { mode: env.TRUSTED_DOCUMENTS, file: env.TRUSTED_DOCUMENTS_FILE },
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    uploads: {
      store: env.UPLOAD_STORE,
      dir: env.UPLOAD_DIR,
      maxBytes: env.UPLOAD_MAX_BYTES,
      types: env.UPLOAD_TYPES.split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
      thumbnailSize: env.UPLOAD_THUMBNAIL_SIZE,
      orphanTtlSeconds: env.UPLOAD_ORPHAN_TTL_SECONDS,
      urlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
      sweepIntervalSeconds: env.UPLOAD_SWEEP_INTERVAL_SECONDS,
    },
  }));

export type Config = z.output<typeof schema> & { authSecret: string; apiKey: string };
type ParsedConfig = z.output<typeof schema>;

export class ConfigError extends Error {}

/** Parses the environment. Secrets may still be missing here: see requireSecrets(). */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): ParsedConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.env === 'production') {
    const missing = [!config.authSecret && 'AUTH_SECRET', !config.apiKey && 'API_KEY'].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(`Invalid configuration:\n  ${missing.join(', ')} must be set when NODE_ENV=production`);
    }
  }
  return config;
}

/** Whether POST /dev/token is served: in development only, unless DEV_TOKENS turns it off. */
export function devTokensServed(config: Pick<Config, 'env' | 'devTokens'>): boolean {
  return config.env === 'development' && config.devTokens;
}

/** A configuration for tests and tools, with fixed secrets and every default. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const parsed = parseConfig({ NODE_ENV: 'test' });
  return {
    ...parsed,
    // tests send bursts of mutations; the rate limit's own tests turn it on
    rateLimits: { ...parsed.rateLimits, mutations: 0 },
    authSecret: 'test-secret-test-secret-test-secret-00',
    apiKey: 'test-api-key-0000000000',
    ...overrides,
  };
}
