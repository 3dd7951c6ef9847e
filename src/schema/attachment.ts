// Attachments as the reference document describes them, one GraphQL type per kind behind the
// Attachment interface, so a frontend selects `... on FileAttachment { fileUrl }` and so on.
import { builder } from './builder.ts';
import { attachmentKindOf, type StoredAttachment } from '../messages/attachments.ts';

export const AttachmentRef = builder.interfaceRef<StoredAttachment>('Attachment').implement({
  description: 'Something sent with a message. `type` is one of the kinds below or your own string.',
  fields: (t) => ({
    type: t.exposeString('type'),
    customType: t.string({ nullable: true, resolve: (a) => a.customType ?? null }),
    extra: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Your own keys, kept as they were sent.',
      resolve: (a) => a.extra ?? null,
    }),
  }),
  resolveType: (attachment) => attachmentKindOf(attachment),
});

const text = (key: keyof StoredAttachment) => (a: StoredAttachment) => (a[key] as string | undefined) ?? null;
const number = (key: keyof StoredAttachment) => (a: StoredAttachment) => (a[key] as number | undefined) ?? null;

builder.objectRef<StoredAttachment>('FileAttachment').implement({
  description: 'image, audio, video or document',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    fileUrl: t.string({
      description: 'For an upload (fileId), a signed URL for you, valid for a while: ask again for a fresh one.',
      resolve: (a, _args, ctx) => (a.fileId ? ctx.runtime.uploads.fileUrl(a.fileId, 'file', ctx.viewer?.userId) : (a.fileUrl ?? '')),
    }),
    fileId: t.id({ nullable: true, description: 'The upload, when the file is one (uploadFile).', resolve: (a) => a.fileId ?? null }),
    name: t.string({ nullable: true, resolve: text('name') }),
    mimeType: t.string({ nullable: true, resolve: text('mimeType') }),
    extension: t.string({ nullable: true, resolve: text('extension') }),
    size: t.float({ nullable: true, description: 'bytes', resolve: number('size') }),
    thumbnailUrl: t.string({
      nullable: true,
      resolve: (a, _args, ctx) =>
        a.fileId && a.type === 'image' ? ctx.runtime.uploads.fileUrl(a.fileId, 'thumbnail', ctx.viewer?.userId) : (a.thumbnailUrl ?? null),
    }),
  }),
});

builder.objectRef<StoredAttachment>('LocationAttachment').implement({
  interfaces: [AttachmentRef],
  fields: (t) => ({
    latitude: t.float({ resolve: (a) => a.latitude ?? 0 }),
    longitude: t.float({ resolve: (a) => a.longitude ?? 0 }),
    title: t.string({ nullable: true, resolve: text('title') }),
    address: t.string({ nullable: true, resolve: text('address') }),
  }),
});

builder.objectRef<StoredAttachment>('GifAttachment').implement({
  description: 'gif or sticker',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    originalUrl: t.string({ resolve: (a) => a.originalUrl ?? '' }),
    downsampledUrl: t.string({ nullable: true, resolve: text('downsampledUrl') }),
    stillUrl: t.string({ nullable: true, resolve: text('stillUrl') }),
  }),
});

builder.objectRef<StoredAttachment>('AdminAttachment').implement({
  description: 'What a group change (an ADMIN message) was, machine-readable.',
  interfaces: [AttachmentRef],
  fields: (t) => ({
    adminMessageType: t.string({ resolve: (a) => a.adminMessageType ?? '' }),
    metaData: t.field({
      type: 'JSON',
      nullable: true,
      description: '{ subId, subType, objType, objValues }: who did what to which object.',
      resolve: (a) => a.metaData ?? null,
    }),
  }),
});

builder.objectRef<StoredAttachment>('TextAttachment').implement({
  interfaces: [AttachmentRef],
  fields: (t) => ({
    text: t.string({ nullable: true, resolve: text('text') }),
  }),
});

builder.objectRef<StoredAttachment>('CustomAttachment').implement({
  description: 'A kind of your own: its keys are in `extra`.',
  interfaces: [AttachmentRef],
});
