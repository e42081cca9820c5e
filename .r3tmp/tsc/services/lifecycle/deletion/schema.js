/** Double-quoted SQL identifier (names come from sqlite_master, never from users). */
export const ident = (name) => `"${name.replace(/"/g, '""')}"`;
export function tables(db) {
    const names = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .all();
    return names.map(({ name, sql }) => ({
        name,
        columns: db
            .prepare("SELECT name, type, pk, hidden FROM pragma_table_xinfo(?)")
            .all(name)
            .filter((c) => c.hidden === 0)
            .map((c) => ({ name: c.name, type: c.type.toUpperCase(), pk: c.pk })),
        rowid: !/\bWITHOUT\s+ROWID\b/i.test(sql ?? ""),
    }));
}
/** Every column of the schema declared as a foreign key to accounts(id). */
export function accountReferences(db) {
    const refs = [];
    for (const table of tables(db)) {
        const keys = db
            .prepare('SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?)')
            .all(table.name);
        for (const key of keys) {
            if (key.table.toLowerCase() === "accounts" && (key.to === null || key.to.toLowerCase() === "id")) {
                refs.push({ table: table.name, column: key.from, onDelete: key.on_delete.toUpperCase() });
            }
        }
    }
    return refs;
}
/**
 * Columns that may hold text: declared with a text affinity (TEXT, CHAR, CLOB), or with none.
 * Numeric columns cannot hold a name or an address.
 */
export function textColumns(table) {
    return table.columns.filter((c) => c.type === "" || /CHAR|CLOB|TEXT/.test(c.type));
}
//# sourceMappingURL=schema.js.map