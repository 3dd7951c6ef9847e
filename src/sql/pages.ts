// Keyset pages of people Prisma cannot list: users watching now (a user's first watch of several),
// and members muted now (the mute rule, compiled). Each page is (time, id) ordered, so it stays
// put while others come and go.
import { Prisma, type Member, type User } from '../generated/prisma/client.ts';
import { memberColumns, userColumns } from '../db/columns.ts';
import type { Database } from '../db/client.ts';
import { direction, keysetAfter, type PageRequest } from '../common/pagination.ts';
import { mutedSql } from '../access/sql.ts';

const { sql } = Prisma;

/** A source of a users page: a subquery of (user_id, at). */
type UserTimes = Prisma.Sql;

/** Users watching now; a user with several connections counts once, from their first watch. */
const watchingUsers = (conversationId: string, now: Date): UserTimes =>
  sql`SELECT user_id, min(created_at) AS at FROM watchers WHERE conversation_id = ${conversationId} AND expires_at > ${now} GROUP BY user_id`;

/** One page of the users watching now, each with the time they started. */
export function watchingUsersPage(db: Database, conversationId: string, now: Date, request: PageRequest): Promise<(User & { at: Date })[]> {
  return db.select(sql`
    SELECT ${userColumns('u')}, s.at AS "at"
      FROM (${watchingUsers(conversationId, now)}) s JOIN users u ON u.id = s.user_id
     WHERE ${keysetAfter(request, sql`(s.at, s.user_id)`)}
     ORDER BY s.at ${direction(request)}, s.user_id ${direction(request)}
     LIMIT ${request.size + 1}`);
}

/** Members muted now, in the order they were muted. */
export function mutedMembersPage(db: Database, conversationId: string, now: Date, request: PageRequest): Promise<Member[]> {
  return db.select(sql`
    SELECT ${memberColumns('m')} FROM members m
     WHERE m.conversation_id = ${conversationId} AND ${mutedSql('m', now)} AND ${keysetAfter(request, sql`(m.muted_at, m.id)`)}
     ORDER BY m.muted_at ${direction(request)}, m.id ${direction(request)}
     LIMIT ${request.size + 1}`);
}

export async function mutedMembersCount(db: Database, conversationId: string, now: Date): Promise<number> {
  const [row] = await db.select<{ count: number }>(sql`
    SELECT count(*)::int AS count FROM members m WHERE m.conversation_id = ${conversationId} AND ${mutedSql('m', now)}`);
  return row?.count ?? 0;
}
