// Every write is one transaction; what it wants published waits in an outbox and goes out only
// after the commit, so subscribers never see (or re-read) something that was rolled back.
import type { Database, Tx } from './client.ts';
import type { ParleyPubSub, Topics } from '../live/pubsub.ts';

type Publication = { [K in keyof Topics]: { topic: K; args: Topics[K] } }[keyof Topics];

export class Outbox {
  readonly #pending: Publication[] = [];

  publish<K extends keyof Topics>(topic: K, ...args: Topics[K]): void {
    this.#pending.push({ topic, args } as Publication);
  }

  flush(pubsub: ParleyPubSub): void {
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
}

export async function transaction<T>(target: WriteTarget, work: (tx: Tx, outbox: Outbox) => Promise<T>): Promise<T> {
  const outbox = new Outbox();
  const result = await target.db.prisma.$transaction((tx) => work(tx, outbox), {
    // PGlite runs one transaction at a time, so under load a transaction may wait its turn
    maxWait: 15_000,
    timeout: 30_000,
  });
  outbox.flush(target.pubsub);
  return result;
}

/** Publishes what a change outside a transaction (one statement) wants told. */
export function publishNow(target: WriteTarget, fill: (outbox: Outbox) => void): void {
  const outbox = new Outbox();
  fill(outbox);
  outbox.flush(target.pubsub);
}
