/** The named fields of a record, e.g. those of a row that its edit form shows. */
export const pick = <T, K extends keyof T>(record: T, keys: K[]) => Object.fromEntries(keys.map((k) => [k, record[k]])) as Pick<T, K>;
