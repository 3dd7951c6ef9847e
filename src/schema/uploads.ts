// Uploads: the File scalar of the GraphQL multipart request spec (Yoga reads multipart requests
// itself) and uploadFile, whose answer names the file for an attachment (fileId).
import { GraphQLError } from 'graphql';
import { builder } from './builder.ts';
import type { Upload } from '../generated/prisma/client.ts';
import { unauthenticated } from '../errors.ts';
import type { Context } from '../context.ts';

builder.scalarType('File', {
  description: 'A file sent with the GraphQL multipart request spec (a multipart/form-data request).',
  serialize: () => {
    throw new GraphQLError('A File is only an input.');
  },
});

const viewerIdOf = (ctx: Context) => {
  const id = ctx.viewer?.userId;
  if (!id) throw unauthenticated('Uploads belong to a user: act as one.');
  return id;
};

const UploadRef = builder.objectRef<Upload>('Upload').implement({
  description:
    'A file you uploaded. Attach it to a message with `attachments: [{ type: "image", fileId: <id> }]` (or give `url` as `fileUrl`); unattached, it expires.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.string({
      description: 'Where you may GET the file, for a while, with no header (a signed URL; ask again for a fresh one).',
      resolve: (upload, _args, ctx) => ctx.runtime.uploads.fileUrl(upload.id, 'file', viewerIdOf(ctx)),
    }),
    thumbnailUrl: t.string({
      nullable: true,
      description: 'Images: a downscaled copy (WebP), signed like url.',
      resolve: (upload, _args, ctx) => (upload.hasThumbnail ? ctx.runtime.uploads.fileUrl(upload.id, 'thumbnail', viewerIdOf(ctx)) : null),
    }),
    contentType: t.exposeString('contentType', { description: 'Read from the bytes, not from the name.' }),
    size: t.exposeInt('size', { description: 'bytes' }),
    name: t.exposeString('name', { nullable: true, description: 'The name the file was sent with, for display.' }),
    width: t.exposeInt('width', { nullable: true, description: 'Images: pixels, as shown (EXIF orientation applied).' }),
    height: t.exposeInt('height', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('uploadFile', (t) =>
  t.field({
    type: UploadRef,
    description:
      'Uploads a file (the GraphQL multipart request spec). Limits: UPLOAD_MAX_BYTES, and the types of UPLOAD_TYPES, read from the bytes.',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: (_root, { file }, ctx) => ctx.runtime.uploads.accept(file, viewerIdOf(ctx)),
  }),
);
