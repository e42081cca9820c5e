import type { ServiceName } from "../services/ports.js";
import type { Services } from "../services/registry.js";

/** Who sent a command, as the dispatcher resolved it. */
export interface Requester {
  uid: string;
  nick: string;
  ident: string;
  host: string;
  ip: string;
  /** The account this user is logged in to, or null. */
  account: { id: string; name: string } | null;
  privileges: ReadonlySet<string>;
}

export interface CommandContext {
  service: ServiceName;
  /** The pseudo-client's nick, for replies such as "/msg NickServ HELP". */
  serviceNick: string;
  source: Requester;
  services: Services;
  reply(text: string): void;
}

export interface Command {
  /** Upper-case name: "REGISTER". */
  name: string;
  aliases?: string[];
  /** Shown on error: "REGISTER <password> <email>". */
  syntax: string;
  summary: string;
  help: string[];
  minArgs: number;
  /** Maximum number of words; with `rest`, the last one takes the rest of the line. Default: unlimited. */
  maxArgs?: number;
  rest?: boolean;
  /** A privilege from the oper classes; users without it are refused and don't see it in HELP. */
  privilege?: string;
  /** The user must be logged in. */
  login?: boolean;
  /** Nested commands (SET EMAIL, REVIEW LIST...), dispatched on the first argument. */
  subcommands?: Command[];
  run?(ctx: CommandContext, args: string[]): void | Promise<void>;
}
