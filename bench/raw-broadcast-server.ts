// The physical limit of the fan-out benchmark: a bare ws server speaking just enough of
// graphql-transport-ws, which writes each posted message with one INSERT (as a send writes it;
// RAW_DATABASE_URL, else no write) and sends it, serialised once, to every socket subscribed to
// its conversation. No GraphQL, no access rules.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import pg from 'pg';

const pool = process.env.RAW_DATABASE_URL ? new pg.Pool({ connectionString: process.env.RAW_DATABASE_URL, max: 8 }) : null;

const subscribers = new Map<string, Set<{ socket: WebSocket; id: string }>>();
async function post(body: string, res: http.ServerResponse) {
  {
    const { conversationId, table, message } = JSON.parse(body) as {
      conversationId: string;
      /** the conversation whose messages table row it is */
      table: string;
      message: { id: string; seq: number; body: string; owner: { id: string } };
    };
    try {
      await pool?.query(
        `INSERT INTO messages (id, conversation_id, seq, type, body, owner_id, created_at, updated_at)
         VALUES ($1, $2, $3, 'NORMAL', $4, $5, now(), now())`,
        [message.id, table, message.seq, message.body, message.owner.id],
      );
    } catch (e) {
      res.writeHead(500).end(String(e));
      return;
    }
    // the payload is serialised once; each socket only gets its subscription id spliced in
    const payload = JSON.stringify({ data: { messageAdded: message } });
    for (const { socket, id } of subscribers.get(conversationId) ?? []) {
      socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }
}
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/send') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => void post(body, res));
});
const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  const mine: { conversationId: string; entry: { socket: WebSocket; id: string } }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: { variables?: { id?: string } } };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    if (message.type === 'subscribe') {
      const conversationId = message.payload?.variables?.id ?? '';
      const entry = { socket, id: message.id! };
      if (!subscribers.has(conversationId)) subscribers.set(conversationId, new Set());
      subscribers.get(conversationId)!.add(entry);
      mine.push({ conversationId, entry });
    }
  });
  socket.on('close', () => {
    for (const { conversationId, entry } of mine) subscribers.get(conversationId)?.delete(entry);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`raw broadcast at http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => process.exit(0));
