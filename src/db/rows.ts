/** A row mapped to its domain object, or undefined when the query found none. */
export function mapRow<R, T>(row: R | undefined, map: (row: R) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}
