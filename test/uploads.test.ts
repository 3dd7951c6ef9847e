// Uploads over real HTTP (the GraphQL multipart request spec): limits, the type read from the
// bytes, images' size and thumbnail, who may GET a file (uploader, member, outsider, former
// member, recalled message), signed URLs (expiry, tampering), orphans expiring, nothing left
// behind by a refusal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.ts';
import { startApp, type TestApp } from './helpers/app.ts';

const maxBytes = 300_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-uploads-'));
let app: TestApp;
let origin: string;

const uploadDocument = 'mutation ($file: File!) { uploadFile(file: $file) { id url thumbnailUrl contentType size width height name } }';

interface UploadAnswer {
  data?: {
    uploadFile: {
      id: string;
      url: string;
      thumbnailUrl: string | null;
      contentType: string;
      size: number;
      width: number | null;
      height: number | null;
      name: string | null;
    };
  } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function upload(as: string | null, bytes: Uint8Array, name: string, type = 'application/octet-stream'): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: uploadDocument, variables: { file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  const headers: Record<string, string> = as ? { authorization: `Bearer ${await app.token(as)}` } : {};
  const response = await fetch(`${origin}/graphql`, { method: 'POST', headers, body: form });
  return (await response.json()) as UploadAnswer;
}

async function uploaded(as: string, bytes: Uint8Array, name: string) {
  const answer = await upload(as, bytes, name);
  if (!answer.data?.uploadFile) throw new Error(`upload failed: ${JSON.stringify(answer.errors)}`);
  return answer.data.uploadFile;
}

/** GET a file as a user (bearer token), or with no header (a signed URL). */
async function get(url: string, as?: string) {
  const headers: Record<string, string> = as ? { authorization: `Bearer ${await app.token(as)}` } : {};
  const response = await fetch(url.startsWith('http') ? url : `${origin}${url}`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

const statusOf = async (url: string, as?: string) => (await get(url, as)).status;

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b));

function filesIn(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

async function conversation(owner: string, memberIds: string[]) {
  const created = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: 'Pictures', memberIds } },
    { as: owner },
  )) as { createConversation: { id: string } };
  return created.createConversation.id;
}

async function sendFile(as: string, conversationId: string, fileId: string) {
  const sent = (await app.data(
    `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
       id attachments { ... on FileAttachment { fileId fileUrl thumbnailUrl } } } }`,
    { input: { conversationId, attachments: [{ type: 'image', fileId, name: 'red.png' }] } },
    { as },
  )) as { sendMessage: { id: string; attachments: { fileId: string; fileUrl: string; thumbnailUrl: string | null }[] } };
  return sent.sendMessage;
}

/** The attachment's URLs as `as` reads the message. */
async function attachmentAs(as: string, messageId: string) {
  const read = (await app.data(
    'query ($id: ID!) { message(id: $id) { attachments { ... on FileAttachment { fileId fileUrl thumbnailUrl } } } }',
    { id: messageId },
    { as },
  )) as { message: { attachments: { fileId: string | null; fileUrl: string; thumbnailUrl: string | null }[] } | null };
  return read.message?.attachments[0] ?? null;
}

beforeAll(async () => {
  app = await startApp({ uploads: { ...testConfig().uploads, dir, maxBytes, thumbnailSize: 320 } });
  origin = new URL(await app.listen()).origin;
  await app.users('ann', 'bob', 'carl', 'dave');
}, 60_000);

afterAll(async () => {
  await app?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('uploadFile', () => {
  it('keeps an image, reads its size, and makes a thumbnail that fits the configured box', async () => {
    const file = await uploaded('ann', await png(1000, 500), 'red.png');
    expect(file).toMatchObject({ contentType: 'image/png', width: 1000, height: 500, name: 'red.png' });
    expect(file.size).toBeGreaterThan(0);
    const original = await get(file.url);
    expect(original.status).toBe(200);
    expect(original.type).toBe('image/png');
    expect(original.bytes.length).toBe(file.size);
    const thumbnail = await get(file.thumbnailUrl!);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.type).toBe('image/webp');
    const meta = await sharp(thumbnail.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([320, 160]);
  });

  it('does not enlarge a small image', async () => {
    const file = await uploaded('ann', await png(40, 30), 'small.png');
    const meta = await sharp((await get(file.thumbnailUrl!)).bytes).metadata();
    expect([meta.width, meta.height]).toEqual([40, 30]);
  });

  it('reads the type from the bytes: text named .png is refused, and a PDF is no image', async () => {
    const before = filesIn(dir).length;
    const text = await upload('ann', new TextEncoder().encode('just some words, not a picture'), 'evil.png', 'image/png');
    expect(text.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(text.errors?.[0]?.message).toMatch(/read from the bytes/);
    const html = await upload('ann', new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'page.jpg', 'image/jpeg');
    expect(html.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(filesIn(dir).length).toBe(before);

    const pdf = await uploaded('ann', new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'doc.png');
    expect(pdf).toMatchObject({ contentType: 'application/pdf', width: null, height: null, thumbnailUrl: null });
  });

  it('refuses a damaged image and a file over the limit, leaving nothing behind', async () => {
    const before = filesIn(dir).length;
    const rows = await app.server.database.prisma.upload.count();
    const good = await png(64, 64);
    const damaged = good.slice(0, 60);
    const broken = await upload('ann', damaged, 'broken.png');
    expect(broken.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // over UPLOAD_MAX_BYTES, yet within the request limit: the field says so
    const large = new Uint8Array(maxBytes + 1);
    large.set(good);
    const tooLarge = await upload('ann', large, 'large.png');
    expect(tooLarge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLarge.errors?.[0]?.message).toMatch(/larger than 300000 bytes/);

    // a body past any upload's room is cut before it is read
    const huge = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await app.token('ann')}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: new Uint8Array(testConfig().maxRequestBytes + 1),
    });
    expect(huge.status).toBe(413);
    expect(filesIn(dir).length).toBe(before);
    expect(await app.server.database.prisma.upload.count()).toBe(rows);
  });

  it('answers UNAUTHENTICATED without a token', async () => {
    const answer = await upload(null, await png(8, 8), 'a.png');
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('who may GET a file', () => {
  it('the uploader; members who see the message; not outsiders, nor any file a former member did not see', async () => {
    const file = await uploaded('ann', await png(100, 100), 'red.png');
    const bearerPath = `/files/${file.id}`;
    expect(await statusOf(bearerPath, 'ann')).toBe(200);
    // not attached yet: the uploader's only
    expect(await statusOf(bearerPath, 'bob')).toBe(404);
    expect(await statusOf(bearerPath)).toBe(401);

    const id = await conversation('ann', ['bob', 'carl']);
    const sent = await sendFile('ann', id, file.id);
    expect(sent.attachments[0]!.fileId).toBe(file.id);
    expect(await statusOf(bearerPath, 'bob')).toBe(200);
    expect(await statusOf(`${bearerPath}/thumbnail`, 'carl')).toBe(200);
    expect(await statusOf(bearerPath, 'dave')).toBe(404);

    // each reader gets URLs signed for them, which work with no header
    const bobs = (await attachmentAs('bob', sent.id))!;
    expect(bobs.fileUrl).toContain('u=bob');
    expect(await statusOf(bobs.fileUrl)).toBe(200);
    expect(await statusOf(bobs.thumbnailUrl!)).toBe(200);
    const daves = await app.request('query ($id: ID!) { message(id: $id) { id } }', { id: sent.id }, { as: 'dave' });
    expect(daves.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // carl leaves: what he saw stays readable; a file sent after he left is not his
    const carls = (await attachmentAs('carl', sent.id))!;
    await app.data('mutation ($id: ID!) { leaveConversation(conversationId: $id) { id } }', { id }, { as: 'carl' });
    expect(await statusOf(bearerPath, 'carl')).toBe(200);
    expect(await statusOf(carls.fileUrl)).toBe(200);
    const later = await uploaded('ann', await png(20, 20), 'later.png');
    await sendFile('ann', id, later.id);
    expect(await statusOf(`/files/${later.id}`, 'bob')).toBe(200);
    expect(await statusOf(`/files/${later.id}`, 'carl')).toBe(404);

    // a recall takes the attachment away: gone for everyone but the uploader, signed URLs too
    await app.data('mutation ($ids: [ID!]!) { deleteMessagesForEveryone(messageIds: $ids) { id } }', { ids: [sent.id] }, { as: 'ann' });
    expect(await statusOf(bearerPath, 'bob')).toBe(404);
    expect(await statusOf(bobs.fileUrl)).toBe(404);
    expect(await statusOf(carls.fileUrl)).toBe(404);
    expect(await statusOf(bearerPath, 'ann')).toBe(200);
  });

  it("a never-attached upload can be attached by its uploader only: naming another's shares nothing", async () => {
    const file = await uploaded('ann', await png(10, 10), 'private.png');
    const id = await conversation('bob', ['dave']);
    await sendFile('bob', id, file.id);
    expect(await statusOf(`/files/${file.id}`, 'dave')).toBe(404);
    expect(await statusOf(`/files/${file.id}`, 'bob')).toBe(404);
  });

  it('the URL uploadFile gives works as an attachment fileUrl', async () => {
    const file = await uploaded('ann', await png(10, 10), 'url.png');
    const id = await conversation('ann', ['bob']);
    const sent = (await app.data(
      'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id attachments { ... on FileAttachment { fileId } } } }',
      { input: { conversationId: id, attachments: [{ type: 'image', fileUrl: file.url }] } },
      { as: 'ann' },
    )) as { sendMessage: { id: string; attachments: { fileId: string }[] } };
    expect(sent.sendMessage.attachments[0]!.fileId).toBe(file.id);
    const bobs = (await attachmentAs('bob', sent.sendMessage.id))!;
    expect(bobs.fileUrl).toContain('u=bob');
    expect(await statusOf(bobs.fileUrl)).toBe(200);
  });
});

describe('signed URLs', () => {
  it('refuse a changed signature, another viewer, another file or variant, and an expired link', async () => {
    const file = await uploaded('ann', await png(10, 10), 'signed.png');
    const url = new URL(file.url);
    expect(await statusOf(url.href)).toBe(200);
    const changed = (key: string, value: string) => {
      const u = new URL(url.href);
      u.searchParams.set(key, value);
      return u.href;
    };
    const sig = url.searchParams.get('sig')!;
    expect(await statusOf(changed('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)))).toBe(401);
    expect(await statusOf(changed('u', 'bob'))).toBe(401);
    expect(await statusOf(changed('exp', String(Number(url.searchParams.get('exp')) + 300)))).toBe(401);
    expect(await statusOf(`${origin}/files/${file.id}/thumbnail${url.search}`)).toBe(401);

    const { uploads } = app.server.runtime;
    const old = uploads.signer.sign(file.id, 'file', 'ann', new Date(Date.now() - 3 * 3600_000));
    const expired = await get(`/files/${file.id}?${new URLSearchParams({ u: old.u, exp: String(old.exp), sig: old.sig })}`);
    expect(expired.status).toBe(401);
    expect(new TextDecoder().decode(expired.bytes)).toMatch(/expired/);
  });
});

describe('orphans', () => {
  it('expire after their time, rows and bytes; attached files stay', async () => {
    const orphan = await uploaded('ann', await png(30, 30), 'orphan.png');
    const kept = await uploaded('ann', await png(30, 30), 'kept.png');
    await sendFile('ann', await conversation('ann', ['bob']), kept.id);
    const { prisma } = app.server.database;
    const long = new Date(Date.now() - (testConfig().uploads.orphanTtlSeconds + 60) * 1000);
    await prisma.upload.updateMany({ where: { id: { in: [orphan.id, kept.id] } }, data: { createdAt: long } });
    const young = await uploaded('ann', await png(30, 30), 'young.png');

    expect(filesIn(dir).filter((f) => f.startsWith(orphan.id))).toHaveLength(2);
    expect(await app.server.runtime.uploads.sweep()).toBeGreaterThanOrEqual(1);
    expect(await prisma.upload.findUnique({ where: { id: orphan.id } })).toBeNull();
    expect(filesIn(dir).filter((f) => f.startsWith(orphan.id))).toEqual([]);
    expect(await statusOf(`/files/${orphan.id}`, 'ann')).toBe(404);
    expect(await statusOf(`/files/${kept.id}`, 'bob')).toBe(200);
    expect(await statusOf(`/files/${young.id}`, 'ann')).toBe(200);
  });
});
