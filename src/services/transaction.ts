// Every write is one transaction; what it wants published waits in an outbox and goes out only
// after the commit, so subscribers never see (or re-read) something that was rolled back.
import { prisma, type Tx } from '../db/client.ts';
import { pubsub, type Topics } from '../pubsub.ts';

type Publication = { [K in keyof Topics]: { topic: K; args: Topics[K] } }[keyof Topics];

export class Outbox {
  readonly #pending: Publication[] = [];

  publish<K extends keyof Topics>(topic: K, ...args: Topics[K]): void {
    this.#pending.push({ topic, args } as Publication);
  }

  flush(): void {
    for (const { topic, args } of this.#pending.splice(0)) {
      // stamped as it leaves, after the commit: the lag metric measures the pub/sub alone
      if (topic === 'message:added') args[1].publishedAt = Date.now();
      (pubsub.publish as (topic: string, ...args: unknown[]) => void)(topic, ...args);
    }
  }
}

export async function transaction<T>(work: (tx: Tx, outbox: Outbox) => Promise<T>): Promise<T> {
  const outbox = new Outbox();
  const result = await prisma.$transaction((tx) => work(tx, outbox), {
    // PGlite runs one transaction at a time, so under load a transaction may wait its turn
    maxWait: 15_000,
    timeout: 30_000,
  });
  outbox.flush();
  return result;
}
