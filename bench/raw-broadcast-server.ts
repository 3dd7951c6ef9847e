// The physical limit of the fan-out benchmark: a bare ws server speaking just enough of
// graphql-transport-ws, which sends each posted message, serialised once, to every socket
// subscribed to its conversation. No database, no GraphQL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const subscribers = new Map<string, Set<{ socket: WebSocket; id: string }>>();
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/send') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const { conversationId, message } = JSON.parse(body) as { conversationId: string; message: unknown };
    // the payload is serialised once; each socket only gets its subscription id spliced in
    const payload = JSON.stringify({ data: { messageAdded: message } });
    for (const { socket, id } of subscribers.get(conversationId) ?? []) {
      socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
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
