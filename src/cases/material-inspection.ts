import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
// file-type 16 and image-size 1 are CommonJS.
import { AppException } from '../common/errors/app-exception';

export const MATERIAL_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MaterialMediaType = (typeof MATERIAL_MEDIA_TYPES)[number];

/** What the bytes of an upload turned out to be. */
export interface InspectedFile {
  mediaType: MaterialMediaType;
  size: number;
  pages: number;
  sha256: string;
}

/** file-type reads at most this much; image-size finds a JPEG's frame header within it. */
const HEAD_BYTES = 256 * 1024;
const TAIL_BYTES = 1024;
const PNG_END = Buffer.from('0000000049454e44ae426082', 'hex');

/**
 * Sits in an upload's stream on its way to storage: counts, hashes and keeps the head and tail of
 * the bytes, refuses the upload as soon as its type (read from the bytes) is not a PDF, JPEG or PNG
 * or it grows past `maxBytes`, and afterwards says whether the file is whole (result()). A PDF is
 * kept in memory up to `maxBytes` for pdf-lib to count its pages; images pass through.
 */
export class MaterialInspector extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail = Buffer.alloc(0);
  private mediaType: MaterialMediaType | null = null;
  private pdf: Buffer[] | null = null;
  private settle!: { resolve: (type: MaterialMediaType) => void; reject: (err: Error) => void };
  /** The type, once the head of the bytes has been read; rejects when the upload fails before. */
  readonly identified = new Promise<MaterialMediaType>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => AppException,
  ) {
    super();
    this.identified.catch(() => undefined);
    this.once('error', (err) => this.settle.reject(err));
    this.once('close', () => this.settle.reject(new Error('upload ended before its type was known')));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(this.tooLarge());
    this.hash.update(chunk);
    this.tail = Buffer.concat([this.tail, chunk.subarray(Math.max(chunk.length - TAIL_BYTES, 0))]).subarray(-TAIL_BYTES);
    this.pdf?.push(chunk);
    if (this.mediaType) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < HEAD_BYTES) return done();
    this.identify().then(() => done(null, Buffer.concat(this.head)), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.mediaType) return done();
    if (this.size === 0) return done(new AppException('FILE_EMPTY'));
    this.identify().then(() => done(null, Buffer.concat(this.head)), done);
  }

  private async identify(): Promise<void> {
    const head = Buffer.concat(this.head);
    // The readers below are loaded at the first upload: most requests never need them (pdf-lib alone is ~14 MB resident).
    const { fromBuffer: fileTypeOf } = await import('file-type');
    const detected = await fileTypeOf(head);
    if (!detected || !(MATERIAL_MEDIA_TYPES as readonly string[]).includes(detected.mime)) {
      throw new AppException('FILE_TYPE_NOT_ALLOWED', { detected: detected?.mime ?? null });
    }
    this.mediaType = detected.mime as MaterialMediaType;
    this.settle.resolve(this.mediaType);
    if (this.mediaType === 'application/pdf') this.pdf = [...this.head];
    this.head = [head.subarray(0, Math.min(head.length, HEAD_BYTES))];
  }

  /** After the stream ended: the file's facts, or FILE_CORRUPT when it cannot be read as what it claims to be. */
  async result(): Promise<InspectedFile> {
    const mediaType = this.mediaType!;
    const corrupt = (why: string) => new AppException('FILE_CORRUPT', { mediaType, why });
    let pages = 1;
    if (mediaType === 'application/pdf') {
      if (!this.tail.includes('%%EOF')) throw corrupt('no %%EOF trailer: the file is cut off');
      const bytes = Buffer.concat(this.pdf!);
      this.pdf = null;
      const { PDFDocument } = await import('pdf-lib');
      try {
        const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
        pages = doc.getPageCount();
      } catch (err) {
        throw corrupt((err as Error).message.slice(0, 200));
      }
      if (pages < 1) throw corrupt('no pages');
    } else {
      let size: { width?: number; height?: number };
      const { imageSize } = await import('image-size');
      try {
        size = imageSize(Buffer.concat(this.head));
      } catch (err) {
        throw corrupt((err as Error).message.slice(0, 200));
      }
      if (!size.width || !size.height) throw corrupt('no image dimensions');
      const whole =
        mediaType === 'image/jpeg'
          ? this.tail.subarray(-2).equals(Buffer.from([0xff, 0xd9]))
          : this.tail.subarray(-PNG_END.length).equals(PNG_END);
      if (!whole) throw corrupt('the image is cut off');
    }
    return { mediaType, size: this.size, pages, sha256: this.hash.digest('hex') };
  }
}
