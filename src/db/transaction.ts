// Every write is one transaction; what it wants published waits in an outbox and goes out only
// after the commit, so subscribers never see (or re-read) something that was rolled back. What
// leaves the server (webhooks, push) is written to the notification outbox inside the transaction
// itself (sql/outbox.ts), so it survives a crash after the commit and never follows a rollback.
import type { Database, Tx } from './client.ts';
import type { ParleyPubSub, Topics } from '../live/pubsub.ts';
import { recordNotices, type Notice } from '../sql/outbox.ts';
import type { Clock } from '../clock.ts';

type Publication = { [K in keyof Topics]: { topic: K; args: Topics[K] } }[keyof Topics];

export class Outbox {
  readonly #pending: Publication[] = [];
  readonly #notices: Notice[] = [];
  #noticed = false;

  publish<K extends keyof Topics>(topic: K, ...args: Topics[K]): void {
    this.#pending.push({ topic, args } as Publication);
  }

  /** An event for webhooks (notifications/events.ts), written before the commit. */
  notify(notice: Notice): void {
    this.#notices.push(notice);
  }

  /** The change wrote outbox events itself (the send statement): wake the delivery workers after the commit. */
  noticed(): void {
    this.#noticed = true;
  }

  /** Writes the notices inside the transaction, just before it commits. */
  async persist(tx: Tx, now: Date): Promise<void> {
    if ((await recordNotices(tx, this.#notices.splice(0), now)) > 0) this.#noticed = true;
  }

  /** Whether notices were left unwritten (a change outside a transaction cannot notify). */
  get hasUnwrittenNotices(): boolean {
    return this.#notices.length > 0;
  }

  flush(pubsub: ParleyPubSub): void {
    if (this.#noticed) {
      this.#noticed = false;
      // every instance's delivery worker looks at the outbox now rather than at its next poll
      pubsub.publish('outbox:wake');
    }
    for (const { topic, args } of this.#pending.splice(0)) {
      // stamped as it leaves, after the commit: the lag metric measures the pub/sub alone
      if (topic === 'message:added') args[1].publishedAt = Date.now();
      (pubsub.publish as (topic: string, ...args: unknown[]) => void)(topic, ...args);
    }
  }
}

/** Where a change is written and announced: the server's database and pub/sub. */
interface WriteTarget {
  db: Database;
  pubsub: ParleyPubSub;
  clock: Clock;
}

export async function transaction<T>(target: WriteTarget, work: (tx: Tx, outbox: Outbox) => Promise<T>): Promise<T> {
  const outbox = new Outbox();
  const result = await target.db.prisma.$transaction(
    async (tx) => {
      const result = await work(tx, outbox);
      await outbox.persist(tx, target.clock.now());
      return result;
    },
    {
      // PGlite runs one transaction at a time, so under load a transaction may wait its turn
      maxWait: 15_000,
      timeout: 30_000,
    },
  );
  outbox.flush(target.pubsub);
  return result;
}

/** Publishes what a change outside a transaction (one statement) wants told. */
export function publishNow(target: WriteTarget, fill: (outbox: Outbox) => void): void {
  const outbox = new Outbox();
  fill(outbox);
  if (outbox.hasUnwrittenNotices) throw new Error('notices need a transaction: use transaction()');
  outbox.flush(target.pubsub);
}
