// GraphiQL served from this server: Yoga's page loads its scripts from a CDN, which an offline
// machine cannot reach, so the same page is rendered with the assets of the @graphql-yoga/graphiql
// package, served under /graphiql-assets/.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'graphql-yoga';
import { renderGraphiQL as renderCdnGraphiQL } from 'graphql-yoga';

const assetsPath = '/graphiql-assets/';
const require = createRequire(import.meta.url);
const distDir = path.join(path.dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');

const contentTypes: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Yoga's GraphiQL page, pointing at the local copies of its assets. */
export function renderGraphiQL(options: Parameters<typeof renderCdnGraphiQL>[0]): string {
  return renderCdnGraphiQL(options)
    .replace(/https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g, assetsPath)
    .replace(/<link rel=icon [^>]*>/, '');
}

export function useGraphiQLAssets(): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(assetsPath)) return;
      const relative = path.normalize(decodeURIComponent(url.pathname.slice(assetsPath.length)));
      const file = path.join(distDir, relative);
      const type = contentTypes[path.extname(file)];
      if (!type || !file.startsWith(distDir + path.sep) || !fs.existsSync(file)) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      endResponse(
        new fetchAPI.Response(fs.readFileSync(file), {
          headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
        }),
      );
    },
  };
}
