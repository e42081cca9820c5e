/** The INFO line for the ID an imported account had in its former services (usable as ?<id>). */
export function legacyIdLine(legacy: { legacyId: string; source: string }): string {
  const label = legacy.source === "atheme" ? "Atheme ID" : "Former ID";
  return `${label.padEnd(13)}: ${legacy.legacyId} (also ?${legacy.legacyId})`;
}
