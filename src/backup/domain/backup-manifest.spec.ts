import fc from 'fast-check';
import { BACKUP_FORMAT, BackupManifest, BackupRefused, checkSchema, checkTables, loadOrder, parseManifest } from './backup-manifest';

const manifest: BackupManifest = {
  format: BACKUP_FORMAT,
  formatVersion: 1,
  createdAt: '2026-12-07T00:00:00.000Z',
  schemaVersion: 'B2',
  migrations: ['A1', 'B2'],
  postgres: '18',
  tables: [
    { name: 'halls', rows: 1, sha256: 'aa' },
    { name: 'cases', rows: 2, sha256: 'bb' },
  ],
};

describe('backup manifest', () => {
  it('reads its own manifest and refuses anything else', () => {
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    expect(() => parseManifest('PGDMP')).toThrow(BackupRefused);
    expect(() => parseManifest(JSON.stringify({ format: 'x' }))).toThrow('不是 OneWindow 备份文件');
    expect(() => parseManifest(JSON.stringify({ ...manifest, formatVersion: 2 }))).toThrow('格式版本 2');
    expect(() => parseManifest(undefined)).toThrow(BackupRefused);
  });

  it("refuses a schema other than this build's, naming both versions", () => {
    expect(() => checkSchema(manifest, ['A1', 'B2'])).not.toThrow();
    expect(() => checkSchema(manifest, ['A1', 'B2', 'C3'])).toThrow('备份的数据库结构版本为 B2，本程序为 C3');
    expect(() => checkSchema(manifest, ['A1'])).toThrow(BackupRefused);
  });

  it('refuses a table whose rows or checksum differ, one missing, or one not in the manifest', () => {
    expect(() => checkTables(manifest, manifest.tables)).not.toThrow();
    expect(() => checkTables(manifest, [manifest.tables[0], { name: 'cases', rows: 2, sha256: 'bc' }])).toThrow('表 cases 的校验和不符');
    expect(() => checkTables(manifest, [manifest.tables[0]])).toThrow('缺少表 cases');
    expect(() => checkTables(manifest, [...manifest.tables, { name: 'x', rows: 0, sha256: '' }])).toThrow('清单外的表 x');
  });

  it('orders tables so that every referenced table comes before the tables referencing it', () => {
    const names = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7'];
    // Random acyclic references: a table only references tables with a smaller index (and maybe itself).
    const graph = fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 30 }).map((edges) => {
      const refs = new Map<string, string[]>();
      for (const [a, b] of edges) {
        const [from, to] = a >= b ? [a, b] : [b, a];
        refs.set(names[from], [...(refs.get(names[from]) ?? []), names[to]]);
      }
      return refs;
    });
    fc.assert(
      fc.property(graph, fc.shuffledSubarray(names, { minLength: 8 }), (refs, shuffled) => {
        const order = loadOrder(shuffled, refs);
        expect([...order].sort()).toEqual([...names].sort());
        for (const [table, targets] of refs) {
          for (const target of targets) if (target !== table) expect(order.indexOf(target)).toBeLessThan(order.indexOf(table));
        }
      }),
      { seed: 7, numRuns: 200 },
    );
    expect(() =>
      loadOrder(
        ['a', 'b'],
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toThrow('cycle');
  });
});
