/**
 * The custodian command's own options and subcommand names. The launcher (cli.ts) reads them
 * before anything else is loaded, to tell a run of the services from a short command, so this
 * module stays small and imports nothing of the program.
 */
import { parseArgs } from "node:util";

/** `custodian [--config FILE | --check-config FILE | --version | --help]`. */
export const RUN_OPTIONS = {
  config: { type: "string", short: "c" },
  "check-config": { type: "string" },
  version: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `custodian <name> ...`: each parses its own arguments (src/cli/<name>.ts). */
const SUBCOMMAND_NAMES = ["backup", "import-atheme"] as const;
export type SubcommandName = (typeof SUBCOMMAND_NAMES)[number];

export function subcommandOf(argv: readonly string[]): SubcommandName | undefined {
  return SUBCOMMAND_NAMES.find((name) => name === argv[0]);
}

/**
 * Whether these arguments (without node and the script) start the services, rather than check a
 * file, print something or run a subcommand: only then is the process worth tuning for a long run.
 */
export function startsServices(argv: readonly string[]): boolean {
  if (subcommandOf(argv) !== undefined) return false;
  try {
    const { values } = parseArgs({ args: [...argv], options: RUN_OPTIONS, allowPositionals: false });
    return values.config !== undefined && values["check-config"] === undefined && !values.version && !values.help;
  } catch {
    return false;
  }
}
