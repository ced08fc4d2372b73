/** Whole minutes as a citizen reads an estimate: never "0 minutes" while still waiting. */
export function waitMinutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}
