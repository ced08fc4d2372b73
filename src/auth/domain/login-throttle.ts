/**
 * How sign-in attempts are held back. Every attempt is reserved (counted) before its password is
 * checked, in one statement per counter, so attempts sent together are counted one by one and a
 * guess can never be checked unless the counter admitted it.
 *
 * - Per username and source address: the first FREE_ATTEMPTS since the last success are free; each
 *   further one is admitted only after a delay that doubles (5 s, 10 s, 20 s … 15 min): long enough
 *   that a burst sent together meets it, short enough for a clerk who mistyped. A stranger
 *   guessing from their address delays only themself: the clerk's own address has its own counter.
 * - Per username over every source (a distributed guess): past USER_CEILING attempts in an hour,
 *   sources that have not signed in to the account in the last KNOWN_SOURCE_DAYS are admitted one
 *   at a time with a delay growing to at most MAX_CEILING_DELAY_SECONDS. It slows, never blocks:
 *   the clerk at a new address waits at most that long, at their usual one not at all.
 */
export const FREE_ATTEMPTS = 5;
export const FIRST_SOURCE_DELAY_SECONDS = 5;
export const MAX_SOURCE_DELAY_SECONDS = 15 * 60;
/** A source's counter starts afresh after this long without an attempt. */
export const SOURCE_WINDOW_SECONDS = 24 * 60 * 60;

export const USER_CEILING = 50;
export const MAX_CEILING_DELAY_SECONDS = 60;
export const CEILING_WINDOW_SECONDS = 60 * 60;
export const KNOWN_SOURCE_DAYS = 30;

/** The row that counts every source of a username. */
export const ANY_SOURCE = '*';

/** Seconds the next attempt from the source waits after the n-th (1-based) since the last success. */
export function sourceDelaySeconds(attempts: number): number {
  if (attempts < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_SOURCE_DELAY_SECONDS, FIRST_SOURCE_DELAY_SECONDS * 2 ** Math.min(attempts - FREE_ATTEMPTS, 20));
}

/** Seconds the next attempt from an unknown source waits after the n-th over every source in the window. */
export function ceilingDelaySeconds(attempts: number): number {
  if (attempts < USER_CEILING) return 0;
  return Math.min(MAX_CEILING_DELAY_SECONDS, 2 ** Math.min(Math.floor((attempts - USER_CEILING) / 10), 20));
}
