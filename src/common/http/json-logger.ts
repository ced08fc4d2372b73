import { LoggerService } from '@nestjs/common';
import { currentRequestId } from './request-context';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/** Whether a logger configured at `configured` writes messages of `level`. */
export function logsAt(configured: Level | 'silent', level: Level): boolean {
  return configured !== 'silent' && LEVELS.indexOf(level) >= LEVELS.indexOf(configured);
}

/**
 * One JSON object per line, carrying the request id when there is one, so the logs of
 * several instances can be merged and followed per request. Never log request bodies:
 * they hold applicants' names and ID numbers.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly level: Level | 'silent' = 'info') {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    this.write('error', message, context ?? stackOrContext, context ? stackOrContext : undefined);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('debug', message, context);
  }

  private write(level: Level, message: unknown, context?: string, stack?: string) {
    if (!logsAt(this.level, level)) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, context };
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) Object.assign(entry, message);
    else entry.msg = message instanceof Error ? message.message : String(message);
    const requestId = currentRequestId();
    if (requestId) entry.requestId = requestId;
    if (stack) entry.stack = stack;
    (level === 'error' ? process.stderr : process.stdout).write(JSON.stringify(entry) + '\n');
  }
}
