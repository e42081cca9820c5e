/**
 * The program as it runs: `dist/cli.js` and a few chunks in `dist/chunks/`, bundled from src/ after
 * tsc has type-checked it and written the module tree (which tests and benches import).
 *
 * One file instead of some 300 modules: Node's module loader spends about a third of a millisecond
 * on each module it resolves and reads, which made half of the start-up time. Dynamic imports stay
 * separate chunks, so what is loaded later (the command itself, after the launcher) stays later.
 * better-sqlite3 (a native addon) and nodemailer (loaded when the first mail goes out) stay in
 * node_modules.
 */
import { defineConfig } from "rolldown";

export default defineConfig({
  input: { cli: "src/cli.ts" },
  platform: "node",
  external: ["better-sqlite3", /^nodemailer(\/|$)/],
  resolve: { extensionAlias: { ".js": [".ts", ".js"] } },
  output: {
    dir: "dist",
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "chunks/[name].js",
    cleanDir: false,
    // For stack traces (the launcher turns source maps on): the mappings and the paths of the
    // sources, not the sources' text (src/ is there to read), which would triple what Node reads.
    sourcemap: true,
    sourcemapExcludeSources: true,
  },
});
