// GraphiQL in a real browser: headless Chromium (Debian's package, driven by playwright-core)
// opens GraphiQL from this server (in development), finds Parley's document on its first screen,
// gets a token with the "Act as" box and runs the inbox with it, runs a query with a token, starts
// a messageAdded subscription and sees a message arrive. The screenshots are kept in
// test/.artifacts/. .ci/run installs chromium; on a machine without it the browser tests are
// skipped with a note.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApp, type TestApp } from './helpers/app.ts';
import { welcomeDocument } from '../src/plugins/graphiql.ts';
import { schema } from '../src/schema/index.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = fs.existsSync(executablePath);
const artifacts = path.resolve(import.meta.dirname, '.artifacts');
if (!available) console.warn(`GraphiQL browser test skipped: no Chromium at ${executablePath} (.ci/run installs it)`);

let app: TestApp;
let browser: Browser;
let conversationId: string;

beforeAll(async () => {
  if (!available) return;
  // development: the "Act as" box and its token route are there
  app = await startApp({ env: 'development' });
  await app.listen();
  await app.users('ann', 'bob');
  const created = (await app.data(
    'mutation { createConversation(input: { title: "In the browser", memberIds: ["bob"] }) { id } }',
    undefined,
    {
      as: 'ann',
    },
  )) as { createConversation: { id: string } };
  conversationId = created.createConversation.id;
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Opens GraphiQL with a document in its editor and bob's token in its headers, and runs it. */
async function run(page: Page, document: string) {
  await page.goto(`${app.url}?query=${encodeURIComponent(document)}`);
  await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
  // the editor shows the document from the address
  await expect
    .poll(async () => text(await page.locator('.graphiql-query-editor').innerText()), { timeout: 15_000 })
    .toContain(document.split('{')[0]!.trim());
  await page.locator('.graphiql-execute-button').click();
}

/** Editors render spaces as no-break spaces */
const text = (shown: string) => shown.replace(/\u00a0/g, ' ');
const response = async (page: Page) => text(await page.locator('.graphiql-response').innerText());

it("Parley's first document is valid against the schema", () => {
  for (const devTokens of [true, false]) {
    expect(validate(schema, parse(welcomeDocument({ devTokens })))).toEqual([]);
  }
});

it.runIf(available)(
  'shows Parley\'s document first, and the "Act as" box gives a token that runs the inbox',
  async () => {
    // a first visit: nothing stored, no document in the address
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await page.goto(app.url);
      await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
      const editor = async () => text(await page.locator('.graphiql-query-editor').innerText());
      await expect.poll(editor, { timeout: 15_000 }).toContain('Welcome to Parley');
      const shown = await editor();
      expect(shown).toContain('npm run token -- <userId>');
      expect(shown).toContain('{ "Authorization": "Bearer <token>" }');
      expect(shown).not.toContain('GraphiQL is an in-browser tool');
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'graphiql-first-screen.png') });
      expect(await page.locator('#parley-act-as output').innerText()).toBe('no token in the headers');

      await page.locator('#parley-act-as input[name=userId]').fill('cyd');
      await page.locator('#parley-act-as button').click();
      // the page reloads with the token in the Headers tab, and says who it acts as
      await expect.poll(() => page.locator('#parley-act-as output').innerText(), { timeout: 15_000 }).toBe('acting as cyd');
      await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Headers' }).click();
      await expect.poll(async () => text(await page.locator('.graphiql-editor-tool').innerText())).toContain('"Authorization": "Bearer ey');

      // the document's operations, in its order; run the inbox
      await page.locator('.graphiql-execute-button').click();
      const operations = page.getByRole('menuitem');
      await expect.poll(() => operations.allInnerTexts()).toEqual(['Inbox', 'StartConversation', 'SendMessage', 'ViewerEvents']);
      await operations.filter({ hasText: 'Inbox' }).click();
      await expect.poll(() => response(page), { timeout: 15_000 }).toContain('"id": "cyd"');
      expect(await response(page)).toContain('"unreadMessageCount": 0');
      expect(await response(page)).not.toContain('UNAUTHENTICATED');
    } finally {
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'graphiql-act-as.png') });
      await context.close();
    }
    expect(errors).toEqual([]);
  },
  90_000,
);

it.runIf(available)(
  'runs a query with a token and a live subscription in GraphiQL',
  async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // GraphiQL keeps its headers editor in localStorage; put bob's token there before it loads
    const headers = JSON.stringify({ Authorization: `Bearer ${await app.token('bob')}` });
    await context.addInitScript((value) => {
      localStorage.setItem('graphiql:headers', value);
      localStorage.setItem('graphiql:shouldPersistHeaders', 'true');
    }, headers);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await run(page, 'query WhoAmI { viewer { id displayName } }');
      await expect.poll(() => response(page), { timeout: 15_000 }).toContain('"displayName": "Bob"');

      await run(page, `subscription Live { messageAdded(conversationId: "${conversationId}") { body owner { id } } }`);
      // the subscription is live once a message reaches it: send until one shows
      await expect
        .poll(
          async () => {
            await app.data(
              'mutation ($c: ID!) { sendMessage(input: { conversationId: $c, body: "Hello from the test" }) { id } }',
              { c: conversationId },
              { as: 'ann' },
            );
            return response(page);
          },
          { timeout: 20_000, interval: 500 },
        )
        .toContain('Hello from the test');
      expect(await response(page)).toContain('"id": "ann"');
    } finally {
      fs.mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'graphiql.png'), fullPage: true });
      await context.close();
    }
    expect(errors).toEqual([]);
  },
  90_000,
);
