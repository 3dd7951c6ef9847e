// Starts Parley: configuration from the environment, the server on PORT, a graceful stop on
// SIGTERM / SIGINT.
import { ConfigError, parseConfig, type Config } from './config.ts';
import { resolveSecrets } from './auth/dev-secrets.ts';
import { buildServer, type ParleyServer } from './server.ts';

let config: Config;
try {
  const parsed = parseConfig();
  const secrets = resolveSecrets(parsed);
  config = { ...parsed, authSecret: secrets.authSecret, apiKey: secrets.apiKey };
  if (secrets.generated.length) {
    console.log(
      [
        'Development secrets (generated once, kept in ' + parsed.pgliteDir + '/dev-secrets.json):',
        ...(secrets.generated.includes('authSecret') ? [`  AUTH_SECRET=${secrets.authSecret}`] : []),
        ...(secrets.generated.includes('apiKey') ? [`  API_KEY=${secrets.apiKey}`] : []),
        'Get a token for GraphiQL with: npm run token -- <userId> [displayName]',
      ].join('\n'),
    );
  }
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

let server: ParleyServer;
try {
  server = await buildServer(config);
} catch (e) {
  // settings checked when the server is built (the trusted documents manifest)
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const url = await server.start();

// the stop is in place before the server says it is serving: a supervisor that signals as soon as
// it reads the line would otherwise meet the default action (killed, exit by signal)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
server.logger.info(
  { url, database: server.database.kind, pubsub: config.redisUrl ? 'redis' : 'memory' },
  `Parley is serving GraphQL${config.graphiql ? ' and GraphiQL' : ''} at ${url}`,
);
