/**
 * One instance's timer for background work (sweeps, revision checks): it runs `tick` every `intervalMs`
 * until stopped, without keeping the process alive. A tick reports its own failures, and the next one
 * comes as usual.
 */
export class BackgroundTimer {
  private timer: NodeJS.Timeout | null = null;

  start(intervalMs: number, tick: () => void): void {
    this.stop();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
