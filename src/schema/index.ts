// Imports every domain file (each adds its types and fields to the builder), then builds the schema.
import { builder } from './builder.ts';
import './node.ts';
import { guardDetails, guardReads } from '../access/guard.ts';
import './user.ts';
import './member.ts';
import './conversation.ts';
import './attachment.ts';
import './message.ts';
import './live.ts';
import './moderation.ts';
import './notifications.ts';
import './uploads.ts';

export const schema = builder.toSchema({ sortSchema: true });

// every Message and Conversation a field returns must have passed the access module, and what
// only those who read a conversation now may see is null (or empty) for anyone else
export const guardedFields = guardReads(schema);
export const detailFields = guardDetails(schema);
