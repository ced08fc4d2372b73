import { call } from './api';

export interface LoopWindow {
  id: string;
  clerkToken: string;
}

export interface LoopResult {
  /** Answered call-nexts that called a ticket. */
  calls: number;
  /** Call-nexts, starts and finishes answered 200. */
  moves: number;
  /** Latency of every call-next answered 200, in ms. */
  callLatencies: number[];
  /** Failed requests by status and error code, e.g. "409 WINDOW_BUSY". */
  failures: Record<string, number>;
  seconds: number;
}

/**
 * Every window at once, as fast as it can for `seconds`: call-next, then start and finish the
 * ticket (a window may not call while it has a ticket called or in service); with `paceMs`, a window
 * starts a call at most every `paceMs` (the first after a random part of it). A window stops when
 * nobody is left to call, or when a start or finish fails (its desk is then not clear).
 */
export async function windowLoop(url: string, windows: LoopWindow[], seconds: number, paceMs = 0): Promise<LoopResult> {
  const result: LoopResult = { calls: 0, moves: 0, callLatencies: [], failures: {}, seconds: 0 };
  const fail = (status: number, body: unknown) => {
    const key = `${status} ${(body as { code?: string } | undefined)?.code ?? ''}`.trim();
    result.failures[key] = (result.failures[key] ?? 0) + 1;
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    windows.map(async (w) => {
      if (paceMs) await new Promise((r) => setTimeout(r, Math.random() * paceMs));
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const res = await call<{ ticket: { id: string } | null }>(url, 'POST', `/api/windows/${w.id}/call-next`, { token: w.clerkToken });
        if (res.status !== 200) {
          fail(res.status, res.body);
          continue;
        }
        result.callLatencies.push(performance.now() - t0);
        result.moves++;
        if (!res.body.ticket) return;
        result.calls++;
        for (const move of ['start', 'finish']) {
          const m = await call(url, 'POST', `/api/windows/${w.id}/tickets/${res.body.ticket.id}/${move}`, { token: w.clerkToken });
          if (m.status !== 200) {
            fail(m.status, m.body);
            return;
          }
          result.moves++;
        }
        const rest = t0 + paceMs - performance.now();
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
