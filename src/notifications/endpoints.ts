// A Web Push endpoint comes from a user, so sending to it is a door into the server's network
// (SSRF). Only https, and never a loopback, private, link-local or otherwise special address,
// checked after DNS resolution and again at connect time (a name may resolve differently by then),
// unless PUSH_ALLOW_PRIVATE_ENDPOINTS=true (tests, private push services).
import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { badInput } from '../errors.ts';

/** Whether an address is on the public internet (ipaddr.js's `unicast` range; IPv4-mapped IPv6 as IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

class EndpointRefused extends Error {
  readonly code = 'EPUSHENDPOINT';
}

/** Checks a push endpoint URL before it is stored: https, and resolving to public addresses only. */
export async function checkPushEndpoint(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput('The push endpoint must be a URL.', 'subscription.endpoint');
  }
  if (url.protocol !== 'https:') throw badInput('The push endpoint must use https.', 'subscription.endpoint');
  if (url.username || url.password) throw badInput('The push endpoint must not carry credentials.', 'subscription.endpoint');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw badInput(`The push endpoint's host ${host} does not resolve.`, 'subscription.endpoint');
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw badInput(
      'The push endpoint must be on the public internet (not a loopback, private or link-local address).',
      'subscription.endpoint',
    );
  }
  return url;
}

/**
 * An https agent for sending to user-given endpoints: refuses, when it connects, any address that
 * is not public (a name that resolved to a public address at registration may not any more), and a
 * literal non-public address before connecting.
 */
export function pushAgent(allowPrivate: boolean): https.Agent {
  if (allowPrivate) return new https.Agent({ keepAlive: true });
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((a) => !isPublicAddress(a.address));
      if (refused || list.length === 0) {
        return callback(new EndpointRefused(`${hostname} resolves to a non-public address`), '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return new https.Agent({ keepAlive: true, lookup });
}

/** Refuses a literal non-public address (the agent's lookup is not consulted for those). */
export function assertSendable(endpoint: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !isPublicAddress(host)) throw new EndpointRefused(`${host} is not a public address`);
}
