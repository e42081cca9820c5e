/** A row mapped to its domain object, or undefined when the query found none. */
export function mapRow(row, map) {
    return row === undefined ? undefined : map(row);
}
//# sourceMappingURL=rows.js.map