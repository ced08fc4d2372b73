import { useSyncExternalStore } from 'react';
import { ApiError } from '../api/http';
import { translate } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages';

/** A time the server already wrote in the hall's zone (2026-03-16T17:30:00+08:00), as the citizen's page shows it. */
export const localWallTime = (local: string | null | undefined) => (local ? local.slice(0, 16).replace('T', ' ') : '—');

/**
 * One ticker per page for every clock on it: a single interval, started by the first component
 * that shows the time and stopped with the last, so that all countdowns move in the same frame.
 */
const ticker = { now: Date.now(), listeners: new Set<() => void>(), timer: undefined as ReturnType<typeof setInterval> | undefined };

function subscribeToTicker(listener: () => void): () => void {
  ticker.listeners.add(listener);
  if (ticker.timer === undefined) {
    ticker.timer = setInterval(() => {
      ticker.now = Date.now();
      for (const notify of ticker.listeners) notify();
    }, 1000);
  }
  return () => {
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0) {
      clearInterval(ticker.timer);
      ticker.timer = undefined;
    }
  };
}

function readTicker(): number {
  // While no clock is shown nothing ticks: the first one mounting starts from now, not from when the last one stopped.
  if (ticker.timer === undefined && Math.abs(Date.now() - ticker.now) >= 1000) ticker.now = Date.now();
  return ticker.now;
}

/**
 * The current time, re-read every second. The component that calls it renders again every
 * second, so call it in the smallest one that shows the time (a countdown), never in a page or a
 * drawer: re-rendering a whole work list, its drawer and the drawer's dialogs each second kept a
 * browser busy enough that, on a loaded machine, a refresh after a move showed seconds late.
 */
export function useNow(): number {
  return useSyncExternalStore(subscribeToTicker, readTicker);
}

/** "3 天 04:12:09": how long until (or since) `dueMs`. */
export function countdown(dueMs: number, nowMs: number): { overdue: boolean; text: string } {
  const overdue = nowMs > dueMs;
  const seconds = Math.floor(Math.abs(dueMs - nowMs) / 1000);
  const days = Math.floor(seconds / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((seconds % 86_400) / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  return { overdue, text: days > 0 ? `${translate('time.days', { n: days })} ${clock}` : clock };
}

/** A label from the dictionary when it has one, else the raw value (a move or status added on the server later). */
export function labelOr(prefix: string, value: string): string {
  return (translate(`${prefix}.${value}` as MessageKey) as string | undefined) ?? value;
}

/**
 * The server's Chinese message, and for an illegal move the moves the case allows now (the 409's
 * `details.allowed`), so that the approver sees what they can do instead.
 */
export function refusalText(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const allowed = (error.details as { allowed?: unknown } | undefined)?.allowed;
  if (error.code !== 'ILLEGAL_CASE_MOVE' || !Array.isArray(allowed)) return error.message;
  return allowed.length
    ? translate('case.allowedNow', { message: error.message, moves: allowed.map((m) => labelOr('caseMove', String(m))).join('、') })
    : translate('case.nothingAllowed', { message: error.message });
}

/** Rethrows a refused request with the allowed moves in its message, for forms that show `message`. */
export async function withAllowedMoves<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'ILLEGAL_CASE_MOVE')
      throw new ApiError(err.status, err.code, refusalText(err), err.details, err.requestId);
    throw err;
  }
}
