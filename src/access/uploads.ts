// Who may read an uploaded file (GET /files/<id>): its uploader; and whoever sees a message that
// has it among its attachments, as they see that message (the privacy model of views.ts: a
// recalled message has no attachments left, an outsider of a private conversation sees nothing of
// it, a former member sees the message as it was when they left).
import type { Context } from '../context.ts';
import type { Message } from '../generated/prisma/client.ts';
import type { StoredAttachment } from '../messages/attachments.ts';
import { seeMessages } from './views.ts';

/** How many of the messages that carry one file are looked at: a forwarded file could be in many. */
const linksRead = 200;

function carries(message: Message, uploadId: string): boolean {
  const attachments = Array.isArray(message.attachments) ? (message.attachments as unknown as StoredAttachment[]) : [];
  return attachments.some((a) => a && typeof a === 'object' && a.fileId === uploadId);
}

export async function mayReadUpload(ctx: Context, upload: { id: string; ownerId: string }): Promise<boolean> {
  const viewerId = ctx.viewer?.userId;
  if (!viewerId) return false;
  if (upload.ownerId === viewerId) return true;
  const links = await ctx.db.prisma.uploadLink.findMany({
    where: { uploadId: upload.id },
    select: { messageId: true },
    orderBy: { messageId: 'asc' },
    take: linksRead,
  });
  if (links.length === 0) return false;
  const rows = await ctx.loaders.message.loadMany(links.map((l) => l.messageId));
  const seen = await seeMessages(
    ctx,
    rows.map((r) => (r instanceof Error ? null : r)),
  );
  // the message as this viewer sees it must still carry the file
  return seen.some((m) => m !== null && carries(m, upload.id));
}
