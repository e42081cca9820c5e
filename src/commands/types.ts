import type { Requester, ServiceName } from "../services/ports.js";
import type { Services } from "../services/registry.js";
import type { ServiceNicks } from "./words.js";

/** Who sent a command, as the dispatcher resolved it (the domain's own type, so handlers pass it on as is). */
export type { Requester };

export interface CommandContext {
  service: ServiceName;
  /** The nick of the pseudo-client the command was sent to, for replies such as "/msg NickServ HELP". */
  serviceNick: string;
  /** The configured nicks of all the pseudo-clients, for hints that name another one. */
  nicks: ServiceNicks;
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
  /** In HELP's list; {x2}, {nickserv} and {operserv} stand for the pseudo-clients' configured nicks. */
  summary: string;
  /** HELP <command>: {x2}, {nickserv} and {operserv} stand for the pseudo-clients' configured nicks. */
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
  /** With subcommands: a first argument that names none is an argument of this command's own run (FREEZE <account> ...). */
  runWithoutSubcommand?: boolean;
  run?(ctx: CommandContext, args: string[]): void | Promise<void>;
}
