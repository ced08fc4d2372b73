import { SettingsCache } from './settings-revision.service';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SettingsCache', () => {
  it('loads a key once for concurrent readers and keeps the answer', async () => {
    const cache = new SettingsCache<string>();
    let loads = 0;
    const load = async () => {
      loads++;
      return 'hall';
    };
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual(['hall', 'hall']);
    expect(await cache.get('k', load)).toBe('hall');
    expect(cache.peek('k')).toBe('hall');
    expect(loads).toBe(1);
  });

  it('keeps neither a missing row nor a failed load', async () => {
    const cache = new SettingsCache<string>();
    expect(await cache.get('unknown', async () => null)).toBeNull();
    expect(cache.peek('unknown')).toBeUndefined();
    await expect(
      cache.get('k', async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await cache.get('k', async () => 'back')).toBe('back');
  });

  it('does not keep what a load read before a clear', async () => {
    const cache = new SettingsCache<string>();
    const slow = deferred<string>();
    const reading = cache.get('k', () => slow.promise);
    cache.clear();
    slow.resolve('old');
    expect(await reading).toBe('old');
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('inside a transaction loads on its own rather than wait for a load through the pool, and keeps the answer', async () => {
    const cache = new SettingsCache<string>();
    const pool = deferred<string>();
    const outside = cache.get('k', () => pool.promise);
    expect(await cache.getWithin('k', async () => 'through the transaction')).toBe('through the transaction');
    expect(cache.peek('k')).toBe('through the transaction');
    pool.resolve('through the pool');
    await outside;
    expect(await cache.getWithin('k', async () => 'again')).toBe('through the pool');
  });
});
