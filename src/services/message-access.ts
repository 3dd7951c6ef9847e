// Loading messages the viewer may see: FORBIDDEN when the conversation is not theirs to read,
// NOT_FOUND when the message does not exist or is not for them (its existence must not leak).
import type { Tx } from '../db/client.ts';
import type { Message } from '../generated/prisma/client.ts';
import { notFound } from '../errors.ts';
import { assertReadable, fetchAccesses, type Access } from './access.ts';
import { isVisibleTo } from './visibility.ts';

export interface VisibleMessage {
  message: Message;
  access: Access;
}

export async function loadVisibleMessages(
  db: Tx,
  viewer: string,
  messageIds: readonly string[],
  options: { lock?: boolean } = {},
): Promise<VisibleMessage[]> {
  const ids = [...new Set(messageIds)];
  const [messages, hidden] = await Promise.all([
    db.message.findMany({ where: { id: { in: ids } } }),
    db.hiddenMessage.findMany({ where: { userId: viewer, messageId: { in: ids } }, select: { messageId: true } }),
  ]);
  const hiddenIds = new Set(hidden.map((h) => h.messageId));
  const byId = new Map(messages.map((m) => [m.id, m]));
  const accesses = await fetchAccesses(db, viewer, [...new Set(messages.map((m) => m.conversationId))], options);
  return ids.map((id) => {
    const message = byId.get(id);
    if (!message) throw notFound('Message', id);
    const access = accesses.get(message.conversationId)!;
    const window = assertReadable(access);
    if (!isVisibleTo(message, viewer, window, hiddenIds.has(id))) throw notFound('Message', id);
    return { message, access };
  });
}

export async function loadVisibleMessage(db: Tx, viewer: string, messageId: string, options: { lock?: boolean } = {}) {
  const [found] = await loadVisibleMessages(db, viewer, [messageId], options);
  return found!;
}
