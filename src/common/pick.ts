/**
 * A copy of `source` with only the `keys` it names: what a response shows of a richer object, so that a
 * field added to the source later is not sent until it is named here too.
 */
export function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Pick<T, K>;
}
