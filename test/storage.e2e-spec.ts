import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { createStorage } from '../src/storage/storage.module';
import { Storage } from '../src/storage/storage-driver';
import { StorageKeyError } from '../src/storage/validated-storage.driver';
import { startS3Server, S3TestServer } from './support/s3-server';
import { createTestDatabase } from './support/test-database';

async function bytesOf(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A body in pieces of uneven sizes, as a socket delivers it, failing after `failAfter` bytes if given. */
function pieces(data: Buffer, failAfter?: number): Readable {
  async function* gen() {
    let at = 0;
    let i = 0;
    while (at < data.length) {
      const n = [1, 7000, 65536, 300_001][i++ % 4];
      if (failAfter !== undefined && at + n > failAfter) throw new Error('client went away');
      yield data.subarray(at, at + n);
      at += n;
    }
  }
  return Readable.from(gen(), { objectMode: false });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface DriverHarness {
  storage: Storage;
  /** How many objects (or object parts) the driver's backing store holds, to see that a failed put left none. */
  objectCount(): Promise<number>;
  close(): Promise<void>;
}

/** The one suite both drivers must pass. */
function storageSuite(name: string, open: () => Promise<DriverHarness>) {
  describe(`storage driver: ${name}`, () => {
    let h: DriverHarness;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    it('stores a streamed body and gives the same bytes back, whole and by range, with head and delete', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 12_345);
      const put = await h.storage.put('suite/whole', pieces(data), 'application/pdf');
      expect(put).toEqual({ size: data.length, contentType: 'application/pdf' });
      expect(await h.storage.head('suite/whole')).toEqual({ size: data.length, contentType: 'application/pdf' });

      const whole = await h.storage.get('suite/whole');
      expect(whole).toMatchObject({ size: data.length, contentType: 'application/pdf', range: null });
      expect(sha(await bytesOf(whole!.body))).toBe(sha(data));

      // Within one chunk, across a chunk boundary, and to the last byte.
      for (const [start, end] of [
        [10, 20],
        [1024 * 1024 - 5, 1024 * 1024 + 5],
        [0, 0],
        [data.length - 100, data.length - 1],
      ]) {
        const part = await h.storage.get('suite/whole', { start, end });
        expect(part!.range).toEqual({ start, end });
        expect(part!.size).toBe(data.length);
        expect((await bytesOf(part!.body)).equals(data.subarray(start, end + 1))).toBe(true);
      }

      await h.storage.delete('suite/whole');
      expect(await h.storage.head('suite/whole')).toBeNull();
      expect(await h.storage.get('suite/whole')).toBeNull();
      await h.storage.delete('suite/whole');
    });

    it('stores an empty body and a small one', async () => {
      await h.storage.put('suite/empty', Readable.from([], { objectMode: false }), 'image/png');
      expect(await h.storage.head('suite/empty')).toEqual({ size: 0, contentType: 'image/png' });
      expect((await bytesOf((await h.storage.get('suite/empty'))!.body)).length).toBe(0);
      await h.storage.put('suite/small', Readable.from([Buffer.from('hello')]), 'image/jpeg');
      expect((await bytesOf((await h.storage.get('suite/small'))!.body)).toString()).toBe('hello');
      await h.storage.delete('suite/empty');
      await h.storage.delete('suite/small');
    });

    it('leaves nothing behind when the body fails half-way', async () => {
      const before = await h.objectCount();
      const data = randomBytes(12 * 1024 * 1024);
      await expect(h.storage.put('suite/cut', pieces(data, 7 * 1024 * 1024), 'application/pdf')).rejects.toThrow();
      expect(await h.storage.head('suite/cut')).toBeNull();
      expect(await h.objectCount()).toBe(before);
    });

    it('refuses keys that could name something else', async () => {
      for (const key of ['../etc/passwd', '/abs', 'a//b', 'A/b', 'a/b/', 'a b', '', 'x'.repeat(300), 'a/./b', 'a\\b', 'a/%2e%2e']) {
        await expect(h.storage.head(key)).rejects.toThrow(StorageKeyError);
        await expect(h.storage.put(key, Readable.from([Buffer.from('x')]), 'image/png')).rejects.toThrow(StorageKeyError);
      }
      expect(await h.storage.head('no/such-object_1')).toBeNull();
    });
  });
}

storageSuite('postgres', async () => {
  const dataSource = await new DataSource({ type: 'postgres', url: await createTestDatabase() }).initialize();
  const storage = await createStorage(loadConfig({}), dataSource);
  return {
    storage,
    objectCount: async () => {
      const [row] = await dataSource.query(`select (select count(*) from storage_objects) + (select count(*) from storage_chunks) as n`);
      return Number(row.n);
    },
    close: async () => {
      storage.close();
      await dataSource.destroy();
    },
  };
});

describe('storage driver: postgres, what a crash leaves', () => {
  it('hides an object until it is complete, and the sweep removes one abandoned mid-write', async () => {
    const dataSource = await new DataSource({ type: 'postgres', url: await createTestDatabase() }).initialize();
    const storage = await createStorage(loadConfig({}), dataSource);
    try {
      await dataSource.query(`insert into storage_objects (key, size, content_type, chunk_size, complete, created_at)
        values ('cut/old', 0, 'image/png', 1048576, false, now() - interval '2 hours'), ('cut/new', 0, 'image/png', 1048576, false, now())`);
      await dataSource.query(`insert into storage_chunks (key, n, data) values ('cut/old', 0, '\\x00'), ('cut/new', 0, '\\x00')`);
      expect(await storage.head('cut/old')).toBeNull();
      expect(await storage.get('cut/new')).toBeNull();
      expect(await storage.sweep(3600_000)).toBe(1);
      const rest = await dataSource.query(`select key from storage_objects union all select key from storage_chunks`);
      expect(rest.map((r: { key: string }) => r.key)).toEqual(['cut/new', 'cut/new']);
    } finally {
      storage.close();
      await dataSource.destroy();
    }
  });
});

storageSuite('s3 (s3rver on loopback)', async () => {
  const server: S3TestServer = await startS3Server();
  const storage = await createStorage(loadConfig(server.env), null as unknown as DataSource);
  const { S3Client, ListObjectsV2Command, ListMultipartUploadsCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    storage,
    objectCount: async () => {
      const objects = await client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
      const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket })).catch(() => ({ Uploads: [] }));
      return (objects.KeyCount ?? 0) + (uploads.Uploads?.length ?? 0);
    },
    close: async () => {
      storage.close();
      client.destroy();
      await server.close();
    },
  };
});
