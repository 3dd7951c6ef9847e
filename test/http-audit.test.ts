// GraphQL over HTTP: every server audit of graphql-http (the reference implementation's conformance
// suite) against a running Parley. Each must answer 'ok': an 'error' breaks a MUST of the spec, a
// 'warn' a SHOULD, a 'notice' a MAY.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { startApp, type TestApp } from './helpers/app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
  await app.listen();
});

afterAll(() => app?.stop());

// the URL is asked for when each audit runs, once the server listens
const audits = serverAudits({ url: () => app.url });

it('runs the whole suite', () => {
  expect(audits.length).toBeGreaterThanOrEqual(61);
});

it.each(audits.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s', async (_name, audit) => {
  const result = await audit.fn();
  if (result.status !== 'ok') {
    const body = await result.response.text();
    expect.fail(`${result.status}: ${result.reason} (answered ${result.response.status}: ${body.slice(0, 300)})`);
  }
});
