import type { Readable } from 'node:stream';
import { ByteRange, Storage, StorageDriver, StorageDriverName, StoredObjectInfo, StoredObjectRead } from './storage-driver';

/** Lower-case segments of letters, digits, `-` and `_`, joined by single slashes: no `..`, no leading slash, nothing a path or URL reinterprets. */
const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;
const MAX_KEY_LENGTH = 256;

export class StorageKeyError extends Error {}

export function assertStorageKey(key: string): void {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !KEY.test(key))
    throw new StorageKeyError(`invalid storage key: ${JSON.stringify(key)}`);
}

function assertRange(range: ByteRange | undefined): void {
  if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.end >= range.start)) {
    throw new RangeError(`invalid byte range ${range.start}-${range.end}`);
  }
}

/**
 * Every driver is reached through this: a key the application built wrongly (or from a client's
 * input) fails here, before it can name a path outside the store or another tenant's object.
 */
export class ValidatedStorage extends Storage {
  constructor(
    private readonly driver: StorageDriver,
    readonly driverName: StorageDriverName,
  ) {
    super();
  }

  async put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo> {
    try {
      assertStorageKey(key);
    } catch (err) {
      body.destroy();
      throw err;
    }
    return this.driver.put(key, body, contentType);
  }

  async get(key: string, range?: ByteRange): Promise<StoredObjectRead | null> {
    assertStorageKey(key);
    assertRange(range);
    return this.driver.get(key, range);
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    assertStorageKey(key);
    return this.driver.head(key);
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    return this.driver.delete(key);
  }

  async sweep(olderThanMs: number): Promise<number> {
    return (await this.driver.sweep?.(olderThanMs)) ?? 0;
  }

  close(): void {
    this.driver.close?.();
  }
}
