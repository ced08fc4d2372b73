import fc from 'fast-check';
import { KeyedBatcher, settle, Settled } from './keyed-batcher';

/** A run function whose batches the test finishes by hand. */
function gate() {
  const batches: { items: number[]; finish: (settled: Settled<string>[] | Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<Settled<string>[]>((resolve, reject) => {
      batches.push({ items, finish: (s) => (s instanceof Error ? reject(s) : resolve(s)) });
    });
  return { batches, run };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('KeyedBatcher', () => {
  it("sends a quiet key's first request at once and those arriving meanwhile together in the next batch", async () => {
    const { batches, run } = gate();
    const batcher = new KeyedBatcher(100, run);
    const first = batcher.submit('h1', 1);
    await flush();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    const later = [2, 3, 4].map((n) => batcher.submit('h1', n));
    await flush();
    expect(batches).toHaveLength(1);
    batches[0].finish([{ ok: true, value: 'one' }]);
    await expect(first).resolves.toBe('one');
    await flush();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish([
      { ok: true, value: 'two' },
      { ok: false, error: new Error('three broke a rule') },
      { ok: true, value: 'four' },
    ]);
    const results = await Promise.all(later.map(settle));
    expect(results).toEqual([
      { ok: true, value: 'two' },
      { ok: false, error: new Error('three broke a rule') },
      { ok: true, value: 'four' },
    ]);
  });

  it('keeps keys apart: another key does not wait for a batch in flight', async () => {
    const { batches, run } = gate();
    const batcher = new KeyedBatcher(100, run);
    void batcher.submit('h1', 1);
    void batcher.submit('h2', 2);
    await flush();
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);
  });

  it('cuts a queue into batches of at most maxBatch, in arrival order', async () => {
    const { batches, run } = gate();
    const batcher = new KeyedBatcher(2, run);
    const all = [1, 2, 3, 4, 5, 6].map((n) => batcher.submit('h', n));
    for (let i = 0; i < 4; i++) {
      await flush();
      batches[i].finish(batches[i].items.map((n) => ({ ok: true, value: `#${n}` })));
    }
    expect(await Promise.all(all)).toEqual(['#1', '#2', '#3', '#4', '#5', '#6']);
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('runs each request of a batch whose run throws alone, so that only those that fail alone fail, and goes on', async () => {
    const { batches, run } = gate();
    const batcher = new KeyedBatcher(100, run);
    const first = settle(batcher.submit('h', 1));
    await flush();
    const second = [2, 3].map((n) => settle(batcher.submit('h', n)));
    const crash = new Error('database gone');
    batches[0].finish(crash);
    expect(await first).toEqual({ ok: false, error: crash });
    await flush();
    batches[1].finish(crash);
    await flush();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3], [2]]);
    batches[2].finish([{ ok: true, value: 'two alone' }]);
    await flush();
    batches[3].finish(crash);
    expect(await Promise.all(second)).toEqual([
      { ok: true, value: 'two alone' },
      { ok: false, error: crash },
    ]);
    const third = batcher.submit('h', 4);
    await flush();
    batches[4].finish([{ ok: true, value: 'back' }]);
    await expect(third).resolves.toBe('back');
  });

  it('fails exactly the poisoned requests of any batch whose statement the database refuses whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        async (poisoned, maxBatch) => {
          // As the database does with one statement: one bad row fails it whole.
          const run = async (items: number[]): Promise<Settled<string>[]> => {
            await flush();
            if (items.some((i) => poisoned[i])) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
            return items.map((i) => ({ ok: true, value: `#${i}` }));
          };
          const batcher = new KeyedBatcher(maxBatch, run);
          const results = await Promise.all(poisoned.map((_p, i) => settle(batcher.submit('h', i))));
          expect(results.map((r) => r.ok)).toEqual(poisoned.map((p) => !p));
        },
      ),
      { seed: 19, numRuns: 100 },
    );
  });
});
