// GET /files/<id> and GET /files/<id>/thumbnail: an upload's bytes, for a viewer who may read it
// (src/access/uploads.ts). The viewer is the one of a bearer token (or the API key with
// x-user-id), as on /graphql, or the one a signed URL names (signing.ts). A file the viewer may
// not read answers 404, as one that does not exist: its existence must not leak. Served through
// Yoga, so another origin gets the same CORS answers as /graphql.
import type { Plugin } from 'graphql-yoga';
import type { Authenticator, Viewer } from '../auth/identity.ts';
import type { Runtime } from '../runtime.ts';
import { createContext } from '../context.ts';
import { mayReadUpload } from '../access/uploads.ts';
import { AppError, badInput, notFound, unauthenticated } from '../errors.ts';
import { storeKey, thumbnailType } from './files.ts';
import type { FileVariant } from './signing.ts';

const route = /^\/files\/([0-9a-f-]{36})(\/thumbnail)?$/;
/** Shown in the browser rather than downloaded. */
const inlineTypes = /^(image|audio|video)\//;

export function useUploadFiles(runtime: Runtime, authenticator: Authenticator): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/files/')) return;
      const refuse = (status: number, error: AppError, headers: Record<string, string> = {}) =>
        endResponse(fetchAPI.Response.json({ errors: [error.toJSON()] }, { status, headers: { 'cache-control': 'no-store', ...headers } }));
      const match = route.exec(url.pathname);
      if (!match) return refuse(404, notFound('File', url.pathname.slice('/files/'.length)));
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return refuse(405, badInput('Files are read with GET.'), { allow: 'GET, HEAD' });
      }
      const id = match[1]!;
      const variant: FileVariant = match[2] ? 'thumbnail' : 'file';
      const signed = url.searchParams.has('sig');

      let viewer: Viewer | null;
      try {
        if (signed) {
          const verified = runtime.uploads.signer.verify(id, variant, url.searchParams, runtime.clock.now());
          if ('refused' in verified) return refuse(401, unauthenticated(`${verified.refused} Ask for the file's URL again.`));
          viewer = { userId: verified.viewerId, isApiKey: false };
        } else {
          viewer = await authenticator.authenticate({
            authorization: request.headers.get('authorization'),
            apiKey: request.headers.get('x-api-key'),
            userId: request.headers.get('x-user-id'),
          });
        }
      } catch (error) {
        if (error instanceof AppError) return refuse(401, error);
        throw error;
      }
      if (!viewer?.userId) return refuse(401, unauthenticated('Sign in with a bearer token, or use the signed URL the API gives.'));

      const upload = await runtime.db.prisma.upload.findUnique({ where: { id } });
      const ctx = createContext(runtime, viewer, null);
      if (!upload || (variant === 'thumbnail' && !upload.hasThumbnail) || !(await mayReadUpload(ctx, upload))) {
        return refuse(404, notFound('File', id));
      }
      const bytes = await runtime.uploads.store.get(storeKey(id, variant));
      if (!bytes) return refuse(404, notFound('File', id));
      const type = variant === 'thumbnail' ? thumbnailType : upload.contentType;
      const disposition = inlineTypes.test(type) ? 'inline' : 'attachment';
      const filename = upload.name ? `; filename*=UTF-8''${encodeURIComponent(upload.name)}` : '';
      return endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>), {
          status: 200,
          headers: {
            'content-type': type,
            'content-length': String(bytes.length),
            'content-disposition': `${disposition}${filename}`,
            // what the server says it is, and nothing active: no sniffing, no scripts
            'x-content-type-options': 'nosniff',
            'content-security-policy': "default-src 'none'; sandbox",
            // a signed URL is the same for a few minutes, so a browser may keep what it got
            'cache-control': signed ? 'private, max-age=300' : 'private, no-cache',
          },
        }),
      );
    },
  };
}
