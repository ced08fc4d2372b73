import { Readable } from 'node:stream';
import { PDFDocument } from 'pdf-lib';

/** A 32×24 JPEG as Chromium's canvas encodes it. */
export const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
    'AQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFla' +
    'AAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJY' +
    'WVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAA' +
    'E9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQ' +
    'FxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo' +
    'KCj/wAARCAAYACADASIAAhEBAxEB/8QAGQAAAwADAAAAAAAAAAAAAAAAAAQFAgYH/8QALBAAAAMGAwYHAAAAAAAAAAAAAAISAQMFBhEUBAcTFRYhIzEyFyVBRFFhYv/EABYBAQEBAAAA' +
    'AAAAAAAAAAAAAAYFAv/EAB4RAAEEAwADAAAAAAAAAAAAAAQAAQIDESFBEzFx/9oADAMBAAIRAxEAPwCFlPlx4h7V812dY6XttZa1/stKI++ot5i5I7oSfEI7vDeWmnyLLTUp4UndqNpR' +
    'VenoOeypO0flC73dx9ndI1uS7eKTVPeVtKKN0+QzMmaU4TFB8RCoxF7jAYhOo6tnJFJMwzOJSMaziVjeDRsIR9YZPD7DXJeUbG8eW13Gs8+9WknMFzmGRzBc5gzBF9KMYSqTwwXOYABN' +
    'BrjpUDLJJd4YLnMAAZA1x0ihlktr/9k=',
  'base64',
);

/** An 8×8 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAYAAADED76LAAAAIUlEQVR4AdzKMQ0AAAwCwQYpyK9JcAA7n/x24FNpXGkDGAAA///xuE6MAAAABklEQVQDAOfyD3nly2AGAAAAAElFTkSuQmCC',
  'base64',
);

/** A real PDF of `pages` pages, made with pdf-lib. */
export async function pdfOf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 780, size: 24 });
  return Buffer.from(await doc.save());
}

/** A Windows executable (MZ header) whatever it is called. */
export const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4094, 0x90)]);

/** Starts like a PDF, ends like one, and is nothing in between. */
export const CORRUPT_PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x41), Buffer.from('\n%%EOF\n')]);

const COMMENT_PAYLOAD = 65_533;

/**
 * A valid JPEG of about `bytes` bytes, streamed: the small JPEG with comment segments (COM, up to
 * 64 KiB each) inserted after its headers, which decoders skip. Nothing holds the whole file.
 */
export function bigJpeg(bytes: number): { size: number; stream: () => Readable } {
  const sos = JPEG.indexOf(Buffer.from([0xff, 0xda]));
  const head = JPEG.subarray(0, sos);
  const rest = JPEG.subarray(sos);
  const segment = Buffer.concat([
    Buffer.from([0xff, 0xfe, (COMMENT_PAYLOAD + 2) >> 8, (COMMENT_PAYLOAD + 2) & 0xff]),
    Buffer.alloc(COMMENT_PAYLOAD, 0x20),
  ]);
  const count = Math.max(Math.floor((bytes - JPEG.length) / segment.length), 0);
  return {
    size: JPEG.length + count * segment.length,
    stream: () =>
      Readable.from(
        (function* () {
          yield head;
          for (let i = 0; i < count; i++) yield segment;
          yield rest;
        })(),
        { objectMode: false },
      ),
  };
}
