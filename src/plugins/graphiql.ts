// GraphiQL served from this server: Yoga's page loads its scripts from a CDN, which an offline
// machine cannot reach, so the same page is rendered with the assets of the @graphql-yoga/graphiql
// package, served under /graphiql-assets/. Its first screen is Parley's: a document saying how to
// act as a user, with an inbox query and a live subscription, and in development a box that gets a
// token from POST /dev/token and puts it in the Headers tab.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { renderGraphiQL as renderCdnGraphiQL } from 'graphql-yoga';

const assetsPath = '/graphiql-assets/';
const require = createRequire(import.meta.url);
const distDir = path.join(path.dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');

const contentTypes: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The editor's first document (checked against the schema by test/graphiql-browser.test.ts). */
export function welcomeDocument(options: { devTokens: boolean }): string {
  // lines short enough for the editor's width beside the response
  const oneClick = options.devTokens ? ['#', '# In development, the "Act as" box at the bottom', '# right does both in one click.'] : [];
  return [
    '# Welcome to Parley, a chat backend: one GraphQL API',
    '# for conversations, members, messages, reactions and',
    '# live updates. The icons on the left open the docs.',
    '#',
    '# Every operation but introspection acts as a user.',
    '# Get a development token:',
    '#',
    '#   npm run token -- <userId> ["Display Name"]',
    '#   e.g. npm run token -- ada "Ada Lovelace"',
    '#',
    '# and put it in the Headers tab below:',
    '#',
    '#   { "Authorization": "Bearer <token>" }',
    ...oneClick,
    '#',
    '# The run button asks which operation to run;',
    '# Ctrl-Enter runs the one the cursor is in.',
    '',
    '# Your inbox: your conversations, the latest message',
    '# first, with your unread counts.',
    'query Inbox {',
    '  viewer {',
    '    id',
    '    displayName',
    '  }',
    '  unreadMessageCount',
    '  conversations(first: 20, orderBy: LAST_MESSAGE_AT_DESC) {',
    '    totalCount',
    '    edges {',
    '      node {',
    '        id',
    '        title',
    '        isGroup',
    '        memberCount',
    '        unreadMessageCount',
    '        lastMessage {',
    '          body',
    '          createdAt',
    '          owner {',
    '            displayName',
    '          }',
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
    '# A group with the users you name (memberIds), then',
    '# a message to it: put its id below.',
    'mutation StartConversation {',
    '  createConversation(input: { title: "Hello", memberIds: [] }) {',
    '    id',
    '    title',
    '  }',
    '}',
    '',
    'mutation SendMessage {',
    '  sendMessage(input: { conversationId: "<id>", body: "Hi!" }) {',
    '    id',
    '    seq',
    '    body',
    '  }',
    '}',
    '',
    '# Live, over WebSocket: run it, send a message (from',
    '# another tab, or as someone else), watch it arrive.',
    '# One conversation: messageAdded(conversationId: "<id>")',
    'subscription ViewerEvents {',
    '  viewerEvents {',
    '    __typename',
    '    ... on NewMessage {',
    '      conversation {',
    '        id',
    '        title',
    '      }',
    '      message {',
    '        body',
    '        owner {',
    '          displayName',
    '        }',
    '      }',
    '      unreadMessageCount',
    '      totalUnreadMessageCount',
    '    }',
    '    ... on ConversationAdded {',
    '      conversation {',
    '        id',
    '        title',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * The "Act as" box: gets a token from the development token route and puts it where GraphiQL keeps
 * its headers (its own storage, for new tabs and for the open one), then reloads, since the editors
 * read their headers when they start. It shows who the stored token acts as.
 */
function devUserBox(devTokenPath: string): string {
  const script = `(() => {
  const form = document.getElementById('parley-act-as');
  const status = form.querySelector('output');
  try {
    const headers = JSON.parse(localStorage.getItem('graphiql:headers') || '{}');
    const token = String(headers.Authorization || headers.authorization || '').replace(/^Bearer\\s+/i, '');
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    status.textContent = 'acting as ' + claims.sub;
    form.elements.userId.value = claims.sub;
  } catch {
    status.textContent = 'no token in the headers';
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '…';
    const response = await fetch(${JSON.stringify(devTokenPath)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: form.elements.userId.value.trim() }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      status.textContent = (body.errors && body.errors[0] && body.errors[0].message) || 'failed: ' + response.status;
      return;
    }
    const headers = JSON.stringify({ Authorization: 'Bearer ' + body.token }, null, 2);
    localStorage.setItem('graphiql:headers', headers);
    localStorage.setItem('graphiql:shouldPersistHeaders', 'true');
    try {
      const state = JSON.parse(localStorage.getItem('graphiql:tabState'));
      state.tabs[state.activeTabIndex].headers = headers;
      localStorage.setItem('graphiql:tabState', JSON.stringify(state));
    } catch {
      // no tab kept yet: GraphiQL opens one with the stored headers
    }
    location.reload();
  });
})();`;
  return (
    '<form id=parley-act-as style="position:fixed;right:12px;bottom:12px;z-index:100;display:flex;gap:6px;align-items:center;' +
    'padding:6px 8px;border:1px solid #ccc;border-radius:6px;background:#fff;color:#333;font:12px system-ui,sans-serif">' +
    '<label>Act as <input name=userId value=ada size=10 required maxlength=128></label>' +
    '<button type=submit>Get a development token</button><output></output></form>' +
    `<script>${script}</script>`
  );
}

/** Yoga's GraphiQL options and page, for one server. */
export function parleyGraphiQL(options: { devTokenPath: string | null }) {
  const document = welcomeDocument({ devTokens: options.devTokenPath !== null });
  return {
    /** Parley's document on the first screen, unless the address carries one (?query=, kept while editing) */
    options: (request: Request): GraphiQLOptions => ({
      title: 'Parley',
      subscriptionsProtocol: 'WS',
      defaultQuery: document,
      ...(new URL(request.url).searchParams.has('query') ? {} : { query: document }),
    }),
    /** Yoga's GraphiQL page, pointing at the local copies of its assets */
    render(graphiqlOptions: GraphiQLOptions): string {
      const page = renderCdnGraphiQL(graphiqlOptions)
        .replace(/https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g, assetsPath)
        .replace(/<link rel=icon [^>]*>/, '');
      return options.devTokenPath ? page.replace('</body>', `${devUserBox(options.devTokenPath)}</body>`) : page;
    },
  };
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
