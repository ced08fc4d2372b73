import { useEffect, useRef } from 'react';

export type DeskMove = 'callNext' | 'recall' | 'start' | 'noShow' | 'hold' | 'resume' | 'finish' | 'transfer';

/**
 * Function keys, so a clerk typing in the acceptance form can still call and finish. Left out on
 * purpose: F5 (reload), F10 (menu bar), F11 (full screen), F12 (developer tools), and every key with
 * a modifier (Alt+F4 closes the browser; it must never also mark a citizen as absent).
 */
export const DESK_SHORTCUTS: Record<DeskMove, string> = {
  callNext: 'F1',
  recall: 'F2',
  start: 'F3',
  noShow: 'F4',
  hold: 'F6',
  resume: 'F7',
  finish: 'F8',
  transfer: 'F9',
};

/** Runs `handlers[move]` for its key; a move not possible now is left out of `handlers` and its key does nothing. */
export function useDeskShortcuts(handlers: Partial<Record<DeskMove, () => void>>, enabled: boolean): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const byKey = new Map(Object.entries(DESK_SHORTCUTS).map(([move, key]) => [key, move as DeskMove]));
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const move = byKey.get(event.key);
      if (!move) return;
      // Browser functions behind these keys (help, find, caret browsing) have no place at the counter.
      event.preventDefault();
      if (!event.repeat) latest.current[move]?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
