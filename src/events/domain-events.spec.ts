import type { EntityManager } from 'typeorm';
import { CaseClosedEvent, DomainEvents } from './domain-events';

const closed: CaseClosedEvent = {
  caseId: 'c1',
  caseNumber: 'DEMO-20260302-0001',
  hallId: 'h1',
  itemName: '食品经营许可',
  departmentId: 'd1',
  itemId: 'i1',
  caseType: 'promised',
  bundleId: null,
  windowId: null,
  clerkId: 'u1',
  channel: 'window',
  refusalReason: null,
  status: 'withdrawn',
  receivedAt: new Date(0),
  acceptedAt: null,
  closedAt: new Date(1),
};

describe('DomainEvents', () => {
  const em = {} as EntityManager;

  it("runs the handlers of the event, one after another in subscription order, with the caller's EntityManager", async () => {
    const bus = new DomainEvents();
    const calls: string[] = [];
    bus.subscribe('case.closed', async (manager, payload) => {
      expect(manager).toBe(em);
      await new Promise((r) => setTimeout(r, 5));
      calls.push(`first ${payload.caseId}`);
    });
    bus.subscribe('case.closed', (_manager, payload) => {
      calls.push(`second ${payload.status}`);
    });
    bus.subscribe('case.revoked', () => {
      calls.push('other event');
    });
    await bus.publish(em, { name: 'case.closed', payload: closed });
    expect(calls).toEqual(['first c1', 'second withdrawn']);
  });

  it("lets a handler's failure reach the publisher, so its transaction rolls back", async () => {
    const bus = new DomainEvents();
    const after = jest.fn();
    bus.subscribe('case.closed', () => {
      throw new Error('roll-up failed');
    });
    bus.subscribe('case.closed', after);
    await expect(bus.publish(em, { name: 'case.closed', payload: closed })).rejects.toThrow('roll-up failed');
    expect(after).not.toHaveBeenCalled();
  });

  it('stops calling a handler once unsubscribed', async () => {
    const bus = new DomainEvents();
    const handler = jest.fn();
    const unsubscribe = bus.subscribe('case.closed', handler);
    await bus.publish(em, { name: 'case.closed', payload: closed });
    unsubscribe();
    await bus.publish(em, { name: 'case.closed', payload: closed });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('DomainEvents.publishAll', () => {
  const em = {} as EntityManager;
  const revoked = { ...closed, revokedAt: new Date(2), reason: 'false commitment' };

  it('gives a subscribeAll handler all events of its name at once, and a subscribe handler each in turn', async () => {
    const bus = new DomainEvents();
    const calls: string[] = [];
    bus.subscribeAll('case.closed', (_m, payloads) => {
      calls.push(`all ${payloads.map((p) => p.caseId).join(',')}`);
    });
    bus.subscribe('case.closed', (_m, p) => {
      calls.push(`one ${p.caseId}`);
    });
    bus.subscribe('case.revoked', (_m, p) => {
      calls.push(`revoked ${p.caseId}`);
    });
    await bus.publishAll(em, [
      { name: 'case.closed', payload: { ...closed, caseId: 'a' } },
      { name: 'case.revoked', payload: { ...revoked, caseId: 'r' } },
      { name: 'case.closed', payload: { ...closed, caseId: 'b' } },
    ]);
    expect(calls).toEqual(['all a,b', 'one a', 'one b', 'revoked r']);
  });
});
