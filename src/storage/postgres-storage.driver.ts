import type { Readable } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { ByteRange, StorageDriver, StoredObjectInfo, StoredObjectRead } from './storage-driver';

/** 1 MiB a row: small enough that one chunk in flight costs little memory, large enough that a file is few rows. */
export const POSTGRES_CHUNK_BYTES = 1024 * 1024;

/**
 * Objects as rows of storage_chunks (bytea, stored uncompressed: scans and PDFs do not compress).
 * Each chunk is its own short statement, so an upload at a phone's pace holds no connection while
 * it waits for the next bytes; the object is readable only once marked complete, a put that fails
 * deletes what it wrote, and sweep() removes what a crashed instance left. Every instance behind a
 * proxy sees the same objects, and a database backup holds the files too.
 */
export class PostgresStorageDriver implements StorageDriver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly chunkBytes = POSTGRES_CHUNK_BYTES,
  ) {}

  async put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo> {
    const db = this.dataSource;
    // A key is written once; a second put of it replaces the object.
    await db.query(`delete from storage_objects where key = $1`, [key]);
    await db.query(
      `insert into storage_objects (key, size, content_type, chunk_size, complete, created_at) values ($1, 0, $2, $3, false, now())`,
      [key, contentType, this.chunkBytes],
    );
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let n = 0;
      let size = 0;
      const write = async (data: Buffer) => {
        await db.query(`insert into storage_chunks (key, n, data) values ($1, $2, $3)`, [key, n++, data]);
      };
      for await (const piece of body) {
        const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
        pending.push(buf);
        pendingBytes += buf.length;
        size += buf.length;
        while (pendingBytes >= this.chunkBytes) {
          const joined = Buffer.concat(pending, pendingBytes);
          await write(joined.subarray(0, this.chunkBytes));
          const rest = joined.subarray(this.chunkBytes);
          pending = rest.length ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      if (pendingBytes > 0) await write(Buffer.concat(pending, pendingBytes));
      await db.query(`update storage_objects set size = $2, complete = true where key = $1`, [key, size]);
      return { size, contentType };
    } catch (err) {
      body.destroy();
      await db.query(`delete from storage_objects where key = $1`, [key]).catch(() => undefined);
      throw err;
    }
  }

  async sweep(olderThanMs: number): Promise<number> {
    const [, removed] = await this.dataSource.query(
      `delete from storage_objects where not complete and created_at < now() - $1 * interval '1 millisecond'`,
      [olderThanMs],
    );
    return removed as number;
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    const [row] = await this.dataSource.query(
      `select size::float8 as size, content_type, chunk_size from storage_objects where key = $1 and complete`,
      [key],
    );
    return row ? { size: row.size, contentType: row.content_type } : null;
  }

  async get(key: string, range?: ByteRange): Promise<StoredObjectRead | null> {
    const [row] = await this.dataSource.query(
      `select size::float8 as size, content_type, chunk_size from storage_objects where key = $1 and complete`,
      [key],
    );
    if (!row) return null;
    const size: number = row.size;
    const chunk: number = row.chunk_size;
    const start = range ? Math.min(range.start, size) : 0;
    const end = range ? Math.min(range.end, size - 1) : size - 1;
    const dataSource = this.dataSource;
    // One chunk read at a time, as the reader asks for it: a slow download holds one chunk, not the file.
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let n = Math.floor(start / chunk); n * chunk <= end; n++) {
        const from = Math.max(start - n * chunk, 0);
        const length = Math.min(end - n * chunk + 1, chunk) - from;
        const [part] = await dataSource.query(
          `select substring(data from $3 for $4) as data from storage_chunks where key = $1 and n = $2`,
          [key, n, from + 1, length],
        );
        if (!part) throw new Error(`storage object ${key} lacks chunk ${n}`);
        yield part.data as Buffer;
      }
    }
    return {
      size,
      contentType: row.content_type,
      range: range ? { start, end } : null,
      body: ReadableStream.from(end >= start ? chunks() : [], { objectMode: false }),
    };
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.query(`delete from storage_objects where key = $1`, [key]);
  }
}
