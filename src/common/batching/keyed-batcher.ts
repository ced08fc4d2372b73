/** One request's result in a batch: a batch can succeed for some of its requests and fail for others. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export function settle<R>(promise: Promise<R>): Promise<Settled<R>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Requests of one key (a hall) go to the database together: while a batch of the key is being
 * written, those that arrive queue up and go together in the next, one transaction and one commit
 * for all of them. A quiet key gets no delay: its first request goes at once. `run` settles each
 * request of a batch; if it throws, each request of the batch is run again alone, so that one
 * bad request never fails its neighbours.
 */
export class KeyedBatcher<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(
    private readonly maxBatch: number,
    private readonly run: (items: T[]) => Promise<Settled<R>[]>,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      const queue = this.queues.get(key)!;
      if (queue.length === 0) {
        this.queues.delete(key);
        return;
      }
      const batch = queue.splice(0, this.maxBatch);
      const settled = await this.runIsolated(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const s = settled[i];
        if (s.ok) w.resolve(s.value);
        else w.reject(s.error);
      });
    }
  }

  /**
   * The batch, and when it fails whole (the database refused its one statement or transaction,
   * because of one request in it, or of none), each request alone: a request fails only itself.
   */
  private async runIsolated(items: T[]): Promise<Settled<R>[]> {
    try {
      return await this.run(items);
    } catch (err) {
      if (items.length === 1) return [{ ok: false, error: err }];
      const settled: Settled<R>[] = [];
      for (const item of items) settled.push(await settle(this.run([item]).then(([s]) => (s.ok ? s.value : Promise.reject(s.error)))));
      return settled;
    }
  }
}
