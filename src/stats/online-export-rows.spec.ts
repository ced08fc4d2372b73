import { onlineMeasures } from '../cases/domain/online-measures';
import { onlineExportRows } from './online-export-rows';

describe('onlineExportRows', () => {
  it('puts each measure once, rates in per cent, and leaves a rate without cases empty', () => {
    const online = onlineMeasures({
      channels: ['online', 'window', 'window'],
      decisions: [
        { outcome: 'pass', waitedMinutes: 10 },
        { outcome: 'correct', waitedMinutes: 30 },
      ],
      visits: [0, 1, 1, 3],
      certificateMaterials: 0,
      materials: 0,
    });
    const rows = onlineExportRows(online, { key: 'all', delivered: 9, failed: 1, retried: 2, deliveryRate: 0.9 });
    const value = Object.fromEntries(rows.map((r) => [r.measure, r.value]));
    expect(value).toMatchObject({
      办件总数: 3,
      网上申办件数: 1,
      '网办率（%）': 33.3,
      '预审通过率（%）': 50,
      '预审等候中位数（分钟）': 20,
      '零跑动件数（0 次）': 1,
      '跑一次件数（1 次）': 2,
      '跑多次件数（2 次及以上）': 1,
      '免证材料占比（%）': null,
      通知送达数: 9,
      通知失败数: 1,
      '通知送达率（%）': 90,
    });
    expect(new Set(rows.map((r) => r.measure)).size).toBe(rows.length);
  });
});
