// In development, a missing AUTH_SECRET or API_KEY is generated once and kept next to the embedded
// database, so tokens from `npm run token` stay valid across restarts. Production refuses to start
// without them (src/config.ts).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
/** The secrets a deployment must set (or, in development, has generated). */
interface Secrets {
  authSecret: string;
  apiKey: string;
}

interface SecretSource {
  authSecret?: string;
  apiKey?: string;
  pgliteDir: string;
}

function devSecretsFile(pgliteDir: string) {
  return path.join(pgliteDir, 'dev-secrets.json');
}

/** The secrets to use, and which of them were generated (to be printed at start). */
export function resolveSecrets(source: SecretSource): Secrets & { generated: (keyof Secrets)[] } {
  if (source.authSecret && source.apiKey) {
    return { authSecret: source.authSecret, apiKey: source.apiKey, generated: [] };
  }
  const file = devSecretsFile(source.pgliteDir);
  let stored: Partial<Secrets> = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Secrets>;
  } catch {
    // first start: nothing stored yet
  }
  const secrets = {
    authSecret: stored.authSecret ?? randomBytes(32).toString('base64url'),
    apiKey: stored.apiKey ?? `pk_dev_${randomBytes(18).toString('base64url')}`,
  };
  if (stored.authSecret !== secrets.authSecret || stored.apiKey !== secrets.apiKey) {
    fs.mkdirSync(source.pgliteDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  const generated: (keyof Secrets)[] = [];
  if (!source.authSecret) generated.push('authSecret');
  if (!source.apiKey) generated.push('apiKey');
  return {
    authSecret: source.authSecret ?? secrets.authSecret,
    apiKey: source.apiKey ?? secrets.apiKey,
    generated,
  };
}
