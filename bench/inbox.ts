// Inbox throughput: the inbox query at 50 connections (autocannon) against PostGraphile 4 serving
// the same database with the equivalent query, both as deployed (production mode, JWT), bare and
// with observability on, alternated round by round. Only answers equal to the checked one count.
// Also the curve: inbox latency for users in 10, 100 and 500 conversations.
import { startParley, startPostGraphile, token, type Observability, type ServerProcess } from './lib/env.ts';
import { inboxQuery, inboxQueryOf, postgraphileInboxQuery } from './lib/queries.ts';
import { inboxUsers } from './seed.ts';
import { installPeer } from './lib/peer.ts';
import { alternate, httpSide, loopSide, type SideSummary } from './lib/load.ts';

export interface InboxResult {
  observability: Observability;
  parley: SideSummary;
  postgraphile: SideSummary;
  /** both sides answered only good answers, and the same inbox */
  valid: boolean;
  /** how the two inboxes differ, when they do (the row is then invalid) */
  difference: string | null;
}

interface Normalised {
  title: string | null;
  unread: number;
  last: { body: string | null; owner: string | null } | null;
  members: string[];
}

type ParleyInbox = {
  conversations: {
    edges: {
      node: {
        title: string | null;
        unreadMessageCount: number;
        lastMessage: { body: string | null; owner: { displayName: string } | null } | null;
        members: { edges: { node: { user: { displayName: string } } }[] };
      };
    }[];
  };
};
type PeerInbox = {
  benchInbox: {
    nodes: {
      title: string | null;
      unreadCount: number;
      lastMessage: { body: string | null; userByOwnerId: { displayName: string } | null } | null;
      visibleMembers: { nodes: { userByUserId: { displayName: string } }[] };
    }[];
  };
};

export function normaliseParley(data: ParleyInbox): Normalised[] {
  return data.conversations.edges.map(({ node }) => ({
    title: node.title,
    unread: node.unreadMessageCount,
    last: node.lastMessage ? { body: node.lastMessage.body, owner: node.lastMessage.owner?.displayName ?? null } : null,
    members: node.members.edges.map((e) => e.node.user.displayName),
  }));
}

export function normalisePeer(data: PeerInbox): Normalised[] {
  return data.benchInbox.nodes.map((node) => ({
    title: node.title,
    unread: node.unreadCount,
    last: node.lastMessage ? { body: node.lastMessage.body, owner: node.lastMessage.userByOwnerId?.displayName ?? null } : null,
    members: node.visibleMembers.nodes.map((n) => n.userByUserId.displayName),
  }));
}

/** One answer, as text, refused when it carries errors. */
async function answer(url: string, query: string, authorization: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors":')) throw new Error(`${url}: ${response.status} ${text.slice(0, 500)}`);
  return text;
}

/**
 * Both servers must answer the same inbox: the whole payload, normalised to one shape (titles,
 * order, unread counts, last messages with owners, members). Returns each server's own answer,
 * which every answer under load must then equal byte for byte. A difference is returned (and
 * marks the row invalid) rather than thrown, so an older checkout can still be measured.
 */
export async function checkedAnswers(parleyUrl: string, peerUrl: string, authorization: string) {
  const ours = await answer(parleyUrl, inboxQuery, authorization);
  const theirs = await answer(peerUrl, postgraphileInboxQuery, authorization);
  const a = normaliseParley((JSON.parse(ours) as { data: ParleyInbox }).data);
  const b = normalisePeer((JSON.parse(theirs) as { data: PeerInbox }).data);
  let difference: string | null = null;
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const first = a.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(b[i]));
    difference = `the two inboxes differ (${a.length} vs ${b.length} rows), first at row ${first}:\nParley:       ${JSON.stringify(a[first])}\nPostGraphile: ${JSON.stringify(b[first])}`;
  }
  return { ours, theirs, difference };
}

export async function measureInbox(
  options: { seconds?: number; rounds?: number; modes?: Observability[]; profile?: boolean } = {},
): Promise<InboxResult[]> {
  installPeer();
  const results: InboxResult[] = [];
  const authorization = `Bearer ${await token(inboxUsers[500])}`;
  for (const observability of options.modes ?? (['bare', 'observed'] as const)) {
    const profile = options.profile ? `inbox-${observability}` : undefined;
    const servers: ServerProcess[] = [];
    try {
      const parley = await startParley({}, { observability, profile });
      servers.push(parley);
      const peer = await startPostGraphile({ observability, profile });
      servers.push(peer);
      const { ours, theirs, difference } = await checkedAnswers(parley.url, peer.url, authorization);
      if (difference) console.error(`inbox, ${observability}: ${difference}`);
      const common = { connections: 50, headers: { authorization } };
      const [p, g] = await alternate(
        [
          httpSide({
            ...common,
            label: 'Parley',
            pid: parley.pid,
            url: parley.url,
            body: JSON.stringify({ query: inboxQuery }),
            good: (b) => b === ours,
          }),
          httpSide({
            ...common,
            label: 'PostGraphile',
            pid: peer.pid,
            url: peer.url,
            body: JSON.stringify({ query: postgraphileInboxQuery }),
            good: (b) => b === theirs,
          }),
        ],
        { rounds: options.rounds ?? 5, seconds: options.seconds ?? 4 },
      );
      results.push({ observability, parley: p!, postgraphile: g!, valid: !difference && p!.bad === 0 && g!.bad === 0, difference });
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }
  return results;
}

export interface InboxCurvePoint {
  conversations: number;
  /** the page asked for (first) and the conversations it held */
  page: number;
  rows: number;
  p50: number;
  p99: number;
  perSecond: number;
  cpuMsPerOp: number;
  dbCpuMsPerOp: number;
  bad: number;
}

/**
 * The inbox of users in 10, 100 and 500 conversations, one request at a time: latency and CPU.
 * `page`: the conversations asked for. The bench's page of 25 holds 10 for the first user and 25
 * for the others, so its curve mixes the page's size with the user's conversations; a page of 10
 * is full for all three, and shows what the user's number of conversations alone costs.
 * Latencies are timed to the microsecond (at 2 to 5 ms, autocannon's whole milliseconds moved a
 * ratio by up to half), and the three users take turns over `rounds` windows, medians reported.
 */
export async function measureInboxCurve(seconds = 3, page = 25, rounds = 3): Promise<InboxCurvePoint[]> {
  const parley = await startParley();
  const query = inboxQueryOf(page);
  const body = JSON.stringify({ query });
  try {
    const points = await Promise.all(
      Object.entries(inboxUsers).map(async ([size, user]) => {
        const authorization = `Bearer ${await token(user)}`;
        const reference = await answer(parley.url, query, authorization);
        const rows = (JSON.parse(reference) as { data: { conversations: { edges: unknown[] } } }).data.conversations.edges.length;
        const headers = { 'content-type': 'application/json', authorization };
        const side = loopSide({
          label: `inbox ${size}`,
          pid: parley.pid,
          concurrency: 1,
          operation: async () => {
            const text = await (await fetch(parley.url, { method: 'POST', headers, body })).text();
            if (text !== reference) throw new Error(text.slice(0, 300));
          },
        });
        return { conversations: Number(size), rows, side };
      }),
    );
    const summaries = await alternate(
      points.map((p) => p.side),
      { rounds, seconds, warmup: 1 },
    );
    return points.map((p, i) => {
      const s = summaries[i]!;
      return {
        conversations: p.conversations,
        page,
        rows: p.rows,
        p50: s.p50,
        p99: s.p99,
        perSecond: s.perSecond,
        cpuMsPerOp: s.cpuMsPerOp,
        dbCpuMsPerOp: s.dbCpuMsPerOp,
        bad: s.bad,
      };
    });
  } finally {
    await parley.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureInbox({ seconds: 2, rounds: 1, modes: ['bare'] }), null, 2));
  process.exit(0);
}
