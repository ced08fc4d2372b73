import { KeyedBatcher, settle, Settled } from './keyed-batcher';

/** A run function whose batches the test finishes by hand. */
function gate() {
  const batches: { items: number[]; finish: (settled: Settled<string>[] | Error) => void }[] = [];
  const run = (items: number[]) => new Promise<Settled<string>[]>((resolve, reject) => {
    batches.push({ items, finish: (s) => (s instanceof Error ? reject(s) : resolve(s)) });
  });
  return { batches, run };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('KeyedBatcher', () => {
  it('sends a quiet key\'s first request at once and those arriving meanwhile together in the next batch', async () => {
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
    batches[1].finish([{ ok: true, value: 'two' }, { ok: false, error: new Error('three broke a rule') }, { ok: true, value: 'four' }]);
    const results = await Promise.all(later.map(settle));
    expect(results).toEqual([{ ok: true, value: 'two' }, { ok: false, error: new Error('three broke a rule') }, { ok: true, value: 'four' }]);
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

  it('fails every request of a batch whose run throws, and goes on with the next batch', async () => {
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
    expect(await Promise.all(second)).toEqual([{ ok: false, error: crash }, { ok: false, error: crash }]);
    const third = batcher.submit('h', 4);
    await flush();
    batches[2].finish([{ ok: true, value: 'back' }]);
    await expect(third).resolves.toBe('back');
  });
});
