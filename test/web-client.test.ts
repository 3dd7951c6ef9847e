// The reference web client (examples/web) in a real browser: headless Chromium (Debian's package,
// driven by playwright-core) runs the built client in two contexts, ann and bob, against this
// server in development. Messages, reactions, typing and read marks reach the other side live;
// an uploaded image shows its thumbnail on both; bob goes offline while ann sends five messages,
// and back online shows all five, once each, in order (messageAdded resumed from his newest
// cursor). Screenshots go to test/.artifacts/. Skipped with a note without Chromium, or without
// the client's dependencies (npm ci --prefix examples/web; .ci/run installs both).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testConfig } from '../src/config.ts';
import { startApp, type TestApp } from './helpers/app.ts';

const run = promisify(execFile);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const client = path.resolve(import.meta.dirname, '../examples/web');
const vite = path.join(client, 'node_modules/vite/bin/vite.js');
const missing = !fs.existsSync(executablePath)
  ? `no Chromium at ${executablePath}`
  : !fs.existsSync(vite)
    ? 'the client is not installed (npm ci --prefix examples/web)'
    : null;
const artifacts = path.resolve(import.meta.dirname, '.artifacts');
if (missing) console.warn(`Web client browser test skipped: ${missing} (.ci/run installs it)`);

let app: TestApp;
let browser: Browser;
let site: Server;
let siteUrl: string;
/** the pages' console, shown when the test fails */
const consoleLines: string[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));

/** `${topic}:${id}` of every pub/sub subscription the server's streams made */
const subscribed = new Set<string>();

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** The built client, served as static files (a single-page app: unknown paths get index.html). */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const wanted = path.join(dir, path.normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)));
    const file = wanted.startsWith(dir) && fs.existsSync(wanted) && fs.statSync(wanted).isFile() ? wanted : path.join(dir, 'index.html');
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  if (missing) return;
  // development: the client signs in with POST /dev/token
  app = await startApp({ env: 'development', uploads: { ...testConfig().uploads, dir: path.join(work, 'uploads') } });
  const parley = new URL(await app.listen()).origin;
  // note what the streams subscribe to (listeningFor below)
  const pubsub = app.server.runtime.pubsub as unknown as { listen: (...args: unknown[]) => () => void };
  const listen = pubsub.listen.bind(pubsub);
  pubsub.listen = (...args) => {
    subscribed.add(args.slice(0, -1).join(':'));
    return listen(...args);
  };
  const dist = path.join(work, 'dist');
  await run(process.execPath, [vite, 'build', '--outDir', dist, '--logLevel', 'warn'], {
    cwd: client,
    env: { ...process.env, PARLEY_URL: parley, NODE_ENV: process.env.WEB_CLIENT_NODE_ENV ?? 'production' },
  });
  site = await serve(dist);
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await app?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function signedIn(context: BrowserContext, userId: string, name: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    void Promise.all(message.args().map((a) => a.jsonValue().catch(() => '?'))).then((args) =>
      consoleLines.push(`${userId}: ${message.type()}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`),
    );
  });
  await page.goto(siteUrl);
  await page.getByLabel('User id').fill(userId);
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('me').textContent(), { timeout: 15_000 }).toBe(name);
  expect(errors).toEqual([]);
  return page;
}

/**
 * Waits until the server listens for a user's viewerEvents: their stream subscribed to the
 * pub/sub, and that subscription took. In memory it takes at once; on Redis a SUBSCRIBE goes and
 * comes back, and one connection's are answered in order, so a probe subscribed after it that
 * hears its own publication shows that it took.
 */
async function listeningFor(userId: string) {
  await expect.poll(() => subscribed.has(`viewer:event:${userId}`), { timeout: 15_000 }).toBe(true);
  const pubsub = app.server.runtime.pubsub;
  const probe = `probe-${userId}`;
  let done = false;
  const stop = pubsub.listen('viewer:event', probe, () => (done = true));
  await expect
    .poll(
      () => {
        // what is published before the probe's SUBSCRIBE took is lost: again until it is heard
        if (!done) pubsub.publish('viewer:event', probe, { kind: 'conversationRead', conversationId: probe } as never);
        return done;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
  stop();
}

const bodies = (page: Page) => page.getByTestId('body').allTextContents();

async function send(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  // the composer empties once the message is sent
  await expect.poll(() => page.getByLabel('Message').inputValue(), { timeout: 15_000 }).toBe('');
}

it.runIf(!missing)(
  'two users chat live: messages, reactions, typing, read marks, an image, and a resume after going offline',
  async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    const annContext = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const bobContext = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    try {
      const ann = await signedIn(annContext, 'ann', 'Ann');
      const bob = await signedIn(bobContext, 'bob', 'Bob');
      // bob's viewerEvents subscription is live on the server a moment after his inbox loads (a
      // Redis SUBSCRIBE round trip on PostgreSQL + Redis); an event before then is not his to get,
      // and the inbox read again on his next reconnection would show it. Wait for that moment.
      await listeningFor('bob');

      // ann starts a conversation with bob: it appears in bob's inbox live
      await ann.getByLabel('Title').fill('Weekend plans');
      await ann.getByLabel('Members').fill('bob');
      await ann.getByRole('button', { name: 'Start' }).click();
      await ann.getByRole('heading', { name: 'Weekend plans' }).waitFor();
      const row = bob.getByTestId('inbox-row').filter({ hasText: 'Weekend plans' });
      await row.waitFor({ timeout: 15_000 });

      // a message before bob opens it: his unread counts move live
      await send(ann, 'Hi Bob! Hiking on Saturday?');
      await expect.poll(() => row.getByTestId('unread').textContent(), { timeout: 15_000 }).toBe('1');
      await expect.poll(() => bob.getByTestId('total-unread').textContent(), { timeout: 15_000 }).toBe('1');

      // bob opens it: the history is there, his read mark reaches ann, the counts go back to 0
      await row.click();
      await expect.poll(() => bodies(bob), { timeout: 15_000 }).toEqual(['Hi Bob! Hiking on Saturday?']);
      await expect.poll(() => bob.getByTestId('total-unread').textContent(), { timeout: 15_000 }).toBe('0');
      await ann.getByTestId('seen').first().waitFor({ timeout: 15_000 });

      // typing and a reply
      await bob.getByLabel('Message').pressSequentially('Sure', { delay: 20 });
      await expect.poll(() => ann.getByTestId('typing').textContent(), { timeout: 15_000 }).toBe('Bob is typing…');
      await bob.getByLabel('Message').fill('Sure, count me in');
      await bob.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => bodies(ann), { timeout: 15_000 }).toEqual(['Hi Bob! Hiking on Saturday?', 'Sure, count me in']);
      // sending ends the typing indicator
      await expect.poll(() => ann.getByTestId('typing').textContent(), { timeout: 15_000 }).toBe('');

      // a reaction from bob on ann's message shows on ann's side
      await bob.getByTestId('message').first().getByTestId('react-like').click();
      await expect.poll(() => ann.getByTestId('message').first().getByTestId('count-like').textContent(), { timeout: 15_000 }).toBe(' 1');

      // ann sends a picture: uploaded, its thumbnail shown on both sides
      const [width, height] = [900, 600];
      const pixels = Buffer.alloc(width * height * 3);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++)
          pixels.set([40 + (x * 120) / width, 90 + (y * 140) / height, 210 - (y * 90) / height], (y * width + x) * 3);
      }
      const picture = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer();
      await ann.getByLabel('Image').setInputFiles({ name: 'lake.png', mimeType: 'image/png', buffer: picture });
      await ann.getByTestId('preview').waitFor({ timeout: 15_000 });
      await ann.getByLabel('Message').fill('The lake');
      await ann.getByRole('button', { name: 'Send' }).click();
      for (const page of [ann, bob]) {
        const thumbnail = page.getByTestId('thumbnail').first();
        await thumbnail.waitFor({ timeout: 15_000 });
        // loaded through the signed URL (an <img> sends no header), at the thumbnail's size
        await expect
          .poll(() => thumbnail.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: 15_000 })
          .toBe(320);
      }
      await ann.screenshot({ path: path.join(artifacts, 'web-client-ann.png') });
      await bob.screenshot({ path: path.join(artifacts, 'web-client-bob.png') });

      // bob goes offline; ann sends five messages; bob sees none of them until he is back
      const before = await bodies(bob);
      await bobContext.setOffline(true);
      await expect.poll(() => bob.evaluate(() => navigator.onLine), { timeout: 15_000 }).toBe(false);
      const five = [1, 2, 3, 4, 5].map((n) => `While you were away, ${n}`);
      for (const text of five) await send(ann, text);
      await expect.poll(() => bodies(ann), { timeout: 15_000 }).toEqual([...before, ...five]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await bodies(bob)).toEqual(before);

      await bobContext.setOffline(false);
      await expect.poll(() => bodies(bob), { timeout: 20_000 }).toEqual([...before, ...five]);
      // and live again afterwards, still once each
      await send(ann, 'Welcome back');
      await expect.poll(() => bodies(bob), { timeout: 15_000 }).toEqual([...before, ...five, 'Welcome back']);
      const seqs = await bob.locator('[data-seq]').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      await bob.screenshot({ path: path.join(artifacts, 'web-client-resumed.png') });
    } catch (error) {
      console.error(consoleLines.join('\n'));
      for (const [name, context] of [
        ['ann', annContext],
        ['bob', bobContext],
      ] as const) {
        await context.pages()[0]?.screenshot({ path: path.join(artifacts, `web-client-failed-${name}.png`) });
      }
      throw error;
    } finally {
      await annContext.close();
      await bobContext.close();
    }
  },
  180_000,
);
