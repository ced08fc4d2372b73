import fc from 'fast-check';
import { CASE_STATUSES } from './case-state-machine';
import { acceptsMaterialFiles, checkFileLink, fileChains, parseByteRange, signFileLink, VersionedFile } from './material-files';

describe('acceptsMaterialFiles', () => {
  it('takes files until the case is decided, never after it closed', () => {
    expect(CASE_STATUSES.filter(acceptsMaterialFiles)).toEqual(['received', 'correction_requested', 'accepted', 'in_review', 'suspended']);
  });
});

/** Uploads as they could happen: each new file starts a chain or corrects the current head of one. */
const uploads = fc
  .array(fc.record({ material: fc.constantFrom('申请书', '身份证明', '章程'), corrects: fc.option(fc.nat(), { nil: null }) }), {
    maxLength: 40,
  })
  .map((steps) => {
    const files: VersionedFile[] = [];
    steps.forEach((s, i) => {
      const heads = files.filter((f) => f.materialName === s.material && !files.some((g) => g.replacesId === f.id));
      const prev = s.corrects !== null && heads.length > 0 ? heads[s.corrects % heads.length] : null;
      files.push({ id: `f${i}`, materialName: s.material, version: prev ? prev.version + 1 : 1, replacesId: prev?.id ?? null });
    });
    return files;
  });

describe('fileChains', () => {
  it('puts every file in exactly one chain, the current one first, its versions counting down to 1', () => {
    fc.assert(
      fc.property(uploads, (files) => {
        const chains = [...fileChains(files).values()].flat();
        const seen = chains.flatMap((c) => [c.current, ...c.earlier].map((f) => f.id)).sort();
        expect(seen).toEqual(files.map((f) => f.id).sort());
        for (const chain of chains) {
          const versions = [chain.current, ...chain.earlier].map((f) => f.version);
          expect(versions).toEqual(versions.map((_, i) => versions.length - i));
          expect(files.some((f) => f.replacesId === chain.current.id)).toBe(false);
          expect(new Set([chain.current, ...chain.earlier].map((f) => f.materialName)).size).toBe(1);
        }
      }),
    );
  });

  it('keeps the upload order of the chains within a material', () => {
    const files = [
      { id: 'a', materialName: 'm', version: 1, replacesId: null },
      { id: 'b', materialName: 'm', version: 1, replacesId: null },
      { id: 'c', materialName: 'm', version: 2, replacesId: 'a' },
    ];
    expect(
      fileChains(files)
        .get('m')!
        .map((c) => c.current.id),
    ).toEqual(['b', 'c']);
  });
});

describe('parseByteRange', () => {
  it('reads the three single-range forms', () => {
    expect(parseByteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseByteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseByteRange(undefined, 1000)).toBeNull();
    expect(parseByteRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseByteRange('bytes=5-1', 1000)).toBeNull();
  });

  it('never answers a range outside the object', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.string(), (size, tail) => {
        for (const header of [`bytes=${tail}`, `bytes=${size}-${tail}`, tail]) {
          const r = parseByteRange(header, size);
          if (r && r !== 'unsatisfiable') {
            expect(r.start).toBeGreaterThanOrEqual(0);
            expect(r.end).toBeLessThan(size);
            expect(r.start).toBeLessThanOrEqual(r.end);
          }
        }
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(), fc.nat(), (size, a, b) => {
        const r = parseByteRange(`bytes=${Math.min(a, b)}-${Math.max(a, b)}`, size);
        if (Math.min(a, b) >= size) expect(r).toBe('unsatisfiable');
        else expect(r).toEqual({ start: Math.min(a, b), end: Math.min(Math.max(a, b), size - 1) });
      }),
    );
  });
});

describe('file links', () => {
  const secret = 'x'.repeat(40);
  it('holds until it expires, for that file only, and not with another secret', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.uuid(),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: -100, max: 100 }),
        (id, other, expires, delta) => {
          const sig = signFileLink(secret, id, expires);
          expect(checkFileLink(secret, id, expires, sig, expires + delta)).toBe(delta > 0 ? 'expired' : 'ok');
          if (other !== id) expect(checkFileLink(secret, other, expires, sig, expires - 1)).toBe('invalid');
          expect(checkFileLink(secret, id, expires + 1, sig, expires - 1)).toBe('invalid');
          expect(checkFileLink('y'.repeat(40), id, expires, sig, expires - 1)).toBe('invalid');
        },
      ),
    );
  });
});
