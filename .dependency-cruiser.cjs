/**
 * The layering check run by `npm run lint:deps` (first step of `npm test`): imports in src/ must
 * follow the architecture map of docs/architecture.md §1, and no module may reach itself through its
 * imports. Type-only imports count: a type cycle is still a cycle of knowledge between modules
 * (tsPreCompilationDeps makes dependency-cruiser read the TypeScript source before type imports are
 * erased). Tests are not checked: they may import anything.
 */

/** `src/<part>/` or `src/<part>.ts`. */
const part = (...names) => `^src/(${names.join("|")})(/|\\.ts$)`;

/** The entry points: nothing but each other may import them. */
const ENTRY = ["main", "cli", "sandbox"];

/** A rule: modules under `from` may not import modules under `to`. */
const layer = (name, comment, from, to) => ({
  name,
  comment,
  severity: "error",
  from: { path: part(from) },
  to: { path: part(...to) },
});

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "An import cycle in src/ (type-only imports included): split the shared part out, or pass what is needed in.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    layer(
      "util-is-the-bottom",
      "src/util holds small pure helpers: it imports nothing else of the project.",
      "util",
      ["config", "db", "irc", "services", "commands", "wiring", "loops", "metrics", "version", ...ENTRY],
    ),
    layer(
      "config-knows-no-parts",
      "src/config parses and checks services.conf; the parts read it, it knows none of them.",
      "config",
      ["db", "irc", "services", "commands", "wiring", "loops", "metrics", ...ENTRY],
    ),
    layer(
      "db-knows-nothing-above",
      "src/db is the connection and the migration runner: nothing above it.",
      "db",
      ["config", "irc", "services", "commands", "wiring", "loops", "metrics", ...ENTRY],
    ),
    layer(
      "irc-knows-no-domain",
      "src/irc knows IRC lines and nothing of accounts, channels, commands or the database.",
      "irc",
      ["db", "services", "commands", "wiring", "loops", "metrics", ...ENTRY],
    ),
    layer(
      "services-know-no-irc",
      "src/services is the domain: typed calls and results, no IRC, no command words, no wiring, no metrics.",
      "services",
      ["irc", "commands", "wiring", "loops", "metrics", ...ENTRY],
    ),
    layer(
      "commands-use-the-domain-only",
      "src/commands talk to the domain (src/services), never to IRC, the database, the wiring or the loops.",
      "commands",
      ["irc", "db", "wiring", "loops", "metrics", ...ENTRY],
    ),
    layer(
      "loops-use-the-domain-only",
      "src/loops are functions of the clock and the domain's stores; they know no IRC, commands or wiring.",
      "loops",
      ["irc", "commands", "wiring", "metrics", ...ENTRY],
    ),
    layer(
      "metrics-know-only-metrics",
      "src/metrics is the Prometheus registry and its HTTP server: it is told what happened (src/wiring/metrics.ts) and knows no part.",
      "metrics",
      ["db", "irc", "services", "commands", "wiring", "loops", ...ENTRY],
    ),
    layer(
      "wiring-is-not-an-entry-point",
      "src/wiring adapts irc to the domain; main.ts builds it, not the other way round.",
      "wiring",
      ENTRY,
    ),
  ],
  options: {
    includeOnly: "^src/",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
