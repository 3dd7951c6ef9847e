// npm run token -- <userId> [displayName]: prints a token to paste into GraphiQL's headers.
import { parseConfig } from '../config.ts';
import { resolveSecrets } from './dev-secrets.ts';
import { signToken } from './identity.ts';

const [userId, ...nameParts] = process.argv.slice(2);
if (!userId) {
  console.error('usage: npm run token -- <userId> [displayName]');
  process.exit(2);
}
const config = parseConfig();
if (!config.authSecret && config.env === 'production') {
  console.error('AUTH_SECRET is not set.');
  process.exit(1);
}
const { authSecret } = resolveSecrets(config);
const token = await signToken(authSecret, userId, { name: nameParts.join(' ') || undefined });
console.log(token);
console.error(`\nGraphiQL headers:\n{ "Authorization": "Bearer ${token}" }`);
