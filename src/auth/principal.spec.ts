import { DevicePrincipal, samePrincipal, StaffPrincipal } from './principal';

const staff: StaffPrincipal = { kind: 'user', id: 'u1', username: 'clerk1', role: 'clerk', hallIds: ['h1', 'h2'], departmentId: null };
const device: DevicePrincipal = { kind: 'device', id: 'd1', role: 'display', hallId: 'h1' };

describe('samePrincipal', () => {
  it('is the same for an equal copy, whatever the order of the halls or the username', () => {
    expect(samePrincipal(staff, { ...staff, hallIds: ['h2', 'h1'] })).toBe(true);
    expect(samePrincipal(staff, { ...staff, username: 'renamed' })).toBe(true);
    expect(samePrincipal(device, { ...device })).toBe(true);
  });

  it.each([
    ['another role', { ...staff, role: 'manager' as const }],
    ['a hall less', { ...staff, hallIds: ['h1'] }],
    ['a hall more', { ...staff, hallIds: ['h1', 'h2', 'h3'] }],
    ['a hall swapped', { ...staff, hallIds: ['h1', 'h3'] }],
    ['a hall twice for two', { ...staff, hallIds: ['h1', 'h1'] }],
    ['a department', { ...staff, departmentId: 'd1' }],
    ['another account', { ...staff, id: 'u2' }],
  ])('differs for %s', (_what, other) => {
    expect(samePrincipal(staff, other)).toBe(false);
    expect(samePrincipal(other, staff)).toBe(false);
  });

  it('differs between a device and an account, and between devices', () => {
    expect(samePrincipal(staff, device)).toBe(false);
    expect(samePrincipal(device, staff)).toBe(false);
    expect(samePrincipal(device, { ...device, hallId: 'h2' })).toBe(false);
    expect(samePrincipal(device, { ...device, role: 'kiosk' })).toBe(false);
    expect(samePrincipal(device, { ...device, id: 'd2' })).toBe(false);
  });
});
