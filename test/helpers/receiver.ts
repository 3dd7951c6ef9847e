// A real HTTP (or HTTPS) receiver on loopback, playing a webhook endpoint, a push gateway, a Web
// Push service or a before-send hook: it records every request and answers as the test says.
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** the body as JSON, when it is JSON */
  json: unknown;
  at: number;
}

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** wait this long before answering */
  delayMs?: number;
  /** never answer (the connection stays open until the receiver closes) */
  hang?: boolean;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** decides each answer (default: 200) */
  answer: (request: Received, index: number) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function startReceiver(options: { tls?: { key: string; cert: string } } = {}): Promise<Receiver> {
  const hanging = new Set<http.ServerResponse>();
  // answers still waiting out their delay: closing the receiver ends them, so no timer outlives it
  const delayed = new Map<NodeJS.Timeout, () => void>();
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: () => ({ status: 200 }),
    close: async () => {
      for (const res of hanging) res.destroy();
      for (const [timer, end] of delayed) {
        clearTimeout(timer);
        end();
      }
      delayed.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const request: Received = { method: req.method!, path: req.url!, headers: req.headers, body, json: parse(body), at: Date.now() };
      const index = receiver.received.push(request) - 1;
      void Promise.resolve(receiver.answer(request, index)).then(async (answer) => {
        if (answer.hang) {
          hanging.add(res);
          return;
        }
        if (answer.delayMs) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              delayed.delete(timer);
              resolve();
            }, answer.delayMs);
            delayed.set(timer, () => {
              res.destroy();
              resolve();
            });
          });
        }
        if (res.destroyed) return;
        const payload = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(payload);
      });
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return receiver;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl; `file` is the certificate's path. */
export function selfSignedCertificate(): { key: string; cert: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), file: certFile };
}
