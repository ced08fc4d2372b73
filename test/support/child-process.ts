import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child that speaks one JSON object per line on stdout; `next()` waits for the next one. */
export class JsonLineChild {
  readonly process: ChildProcess;
  private readonly lines: Record<string, unknown>[] = [];
  private waiting?: (line: Record<string, unknown>) => void;
  private readonly stderr: string[] = [];

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    createInterface({ input: this.process.stdout! }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else this.lines.push(line);
    });
    this.process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  next(timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const queued = this.lines.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiting = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
    });
  }

  send(line: string): void {
    this.process.stdin!.write(`${line}\n`);
  }
}
