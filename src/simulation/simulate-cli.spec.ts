import { parseSimulatorArgs } from './simulate-cli';
import { DEFAULT_OPTIONS } from './simulator';

const log = () => undefined;

describe('parseSimulatorArgs', () => {
  it('takes the defaults, and the options given', () => {
    expect(parseSimulatorArgs([], log)).toMatchObject({ ...DEFAULT_OPTIONS, json: false, force: false });
    expect(
      parseSimulatorArgs(
        [
          '--url',
          'http://hall:8080',
          '--hall',
          'H2',
          '--seed',
          '42',
          '--days',
          '3',
          '--speed',
          '0',
          '--start',
          '09:30',
          '--until',
          '12:00',
          '--date',
          '2026-03-02',
          '--citizens',
          '500',
          '--windows',
          '6',
          '--allow-real-hall',
          '--json',
        ],
        log,
      ),
    ).toMatchObject({
      url: 'http://hall:8080',
      hall: 'H2',
      seed: 42,
      days: 3,
      speed: 0,
      start: '09:30',
      until: '12:00',
      date: '2026-03-02',
      citizens: 500,
      windows: 6,
      force: true,
      json: true,
    });
  });

  it("lets a later option win, so that npm run demo -- --days 5 overrides the demo's own", () => {
    expect(parseSimulatorArgs(['--days', '2', '--days', '5'], log)).toMatchObject({ days: 5 });
  });

  it('refuses what it cannot use, saying which option', () => {
    expect(() => parseSimulatorArgs(['--speed', 'fast'], log)).toThrow(/--speed/);
    expect(() => parseSimulatorArgs(['--days', '-1'], log)).toThrow(/--days/);
    expect(() => parseSimulatorArgs(['--start', '9:30'], log)).toThrow(/--start/);
    expect(() => parseSimulatorArgs(['--date', '2.3.2026'], log)).toThrow(/--date/);
    expect(() => parseSimulatorArgs(['--what'], log)).toThrow(/what/);
    expect(parseSimulatorArgs(['--help'], log)).toBe('help');
  });
});
