import type { Readable } from 'node:stream';

/** Bytes first..last inclusive, as an HTTP Range asks for them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObjectInfo {
  size: number;
  contentType: string;
}

export interface StoredObjectRead extends StoredObjectInfo {
  body: Readable;
  /** The bytes the body carries; the whole object when no range was asked for. */
  range: ByteRange | null;
}

/**
 * Where uploaded bytes live. Keys are chosen by the application (never by a client); an object is
 * written once, in full or not at all: a put whose body fails leaves nothing behind.
 */
export interface StorageDriver {
  /** Reads `body` to its end; rejects (having stored nothing) when the body errors. */
  put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo>;
  /** null when there is no such object. A range must lie within the object (see rangeWithin). */
  get(key: string, range?: ByteRange): Promise<StoredObjectRead | null>;
  head(key: string): Promise<StoredObjectInfo | null>;
  /** Deleting what is not there is no error. */
  delete(key: string): Promise<void>;
  /** Removes what writes cut off by a crash left behind, begun more than `olderThanMs` ago by the store's own clock. */
  sweep?(olderThanMs: number): Promise<number>;
  /** Lets go of connections at shutdown. */
  close?(): void;
}

export const STORAGE_DRIVERS = ['postgres', 's3'] as const;
export type StorageDriverName = (typeof STORAGE_DRIVERS)[number];

/** Injection token of the configured, key-validated driver. */
export abstract class Storage implements StorageDriver {
  abstract readonly driverName: StorageDriverName;
  abstract put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo>;
  abstract get(key: string, range?: ByteRange): Promise<StoredObjectRead | null>;
  abstract head(key: string): Promise<StoredObjectInfo | null>;
  abstract delete(key: string): Promise<void>;
  abstract sweep(olderThanMs: number): Promise<number>;
  abstract close(): void;
}
