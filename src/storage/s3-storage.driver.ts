import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, pipeline, Readable } from 'node:stream';
import type { ByteRange, StorageDriver, StoredObjectInfo, StoredObjectRead } from './storage-driver';

export interface S3StorageSettings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** http://host/bucket/key rather than http://bucket.host/key: MinIO, Ceph RGW and s3rver want it. */
  forcePathStyle: boolean;
}

/** 5 MiB parts (S3's minimum), two in flight: an upload holds about 10 MiB whatever the file's size. */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/** `length` bytes of `source` after skipping `skip`; the source is let go as soon as they are read. */
function slice(source: Readable, skip: number, length: number): Readable {
  async function* cut(): AsyncGenerator<Buffer> {
    let offset = 0;
    let left = length;
    for await (const piece of source) {
      const buf = piece as Buffer;
      const from = Math.max(skip - offset, 0);
      offset += buf.length;
      if (from >= buf.length) continue;
      const part = buf.subarray(from, from + left);
      left -= part.length;
      yield part;
      if (left === 0) break;
    }
    source.destroy();
  }
  return Readable.from(cut(), { objectMode: false });
}

function missing(err: unknown): boolean {
  const e = err as S3ServiceException;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** An S3-compatible object store (AWS, MinIO, Ceph RGW, the clouds' OSS/COS/OBS in S3 mode). */
export class S3StorageDriver implements StorageDriver {
  private readonly client: S3Client;

  constructor(private readonly settings: S3StorageSettings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }

  async put(key: string, body: Readable, contentType: string): Promise<StoredObjectInfo> {
    let size = 0;
    const counted = new PassThrough();
    counted.on('data', (chunk: Buffer) => (size += chunk.length));
    // The source's failure reaches the upload through the pass-through, and the upload then aborts its parts.
    pipeline(body, counted, () => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: counted, ContentType: contentType },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    await upload.done();
    return { size, contentType };
  }

  async head(key: string): Promise<StoredObjectInfo | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { size: res.ContentLength ?? 0, contentType: res.ContentType ?? 'application/octet-stream' };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<StoredObjectRead | null> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      const total = /\/(\d+)$/.exec(res.ContentRange ?? '')?.[1];
      const size = total !== undefined ? Number(total) : (res.ContentLength ?? 0);
      const match = /bytes (\d+)-(\d+)\//.exec(res.ContentRange ?? '');
      const served = match ? { start: Number(match[1]), end: Number(match[2]) } : { start: 0, end: size - 1 };
      const body = res.Body as Readable;
      if (!range) return { size, contentType: res.ContentType ?? 'application/octet-stream', range: null, body };
      // A server may send more than asked (s3rver reads bytes=0-0 as the whole object): cut to the range.
      const wanted = { start: Math.max(range.start, served.start), end: Math.min(range.end, served.end) };
      const exact = wanted.start === served.start && wanted.end === served.end;
      return {
        size,
        contentType: res.ContentType ?? 'application/octet-stream',
        range: wanted,
        body: exact ? body : slice(body, wanted.start - served.start, wanted.end - wanted.start + 1),
      };
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}
