import { Clock } from '../src/common/time/clock';
import { QueueBoardService } from '../src/queue/queue-board.service';
import { ManualClock } from './support/manual-clock';
import { hallRefs, issue, KIOSK_TOKEN, sleep } from './support/queue-helpers';
import { createTestApp, TestApp } from './support/test-app';

describe('the boards an instance keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ overrides: [{ provide: Clock, useValue: new ManualClock('2026-03-02T09:00:00+08:00') }] });
  });
  afterAll(() => t.close());

  it("lets a hall's board go once no caller may take it any more (at most a second)", async () => {
    const refs = await hallRefs(t);
    // The place printed on a ticket comes from a recent board, which the issue reads and keeps.
    await issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201);
    const kept = (t.app.get(QueueBoardService) as unknown as { latest: Map<string, unknown> }).latest;
    expect(kept.has(t.hallId)).toBe(true);
    await sleep(1300);
    expect(kept.has(t.hallId)).toBe(false);
  });
});
