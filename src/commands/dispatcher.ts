import { HashQueueFullError } from "../services/accounts/hash-queue.js";
import { errorStack, type Logger } from "../util/logger.js";
import { newIncident, redactWords } from "../util/redact.js";
import { shown } from "../util/text.js";
import { frozenText } from "./freeze-words.js";
import type { Command, CommandContext } from "./types.js";
import { wordsOf } from "./words.js";

export interface DispatchResult {
  command: string | null;
  outcome: "ok" | "unknown" | "syntax" | "denied" | "login" | "error" | "busy" | "help";
  /** With outcome "error": the reference the user was given and the log entry carries. */
  incident?: string;
}

/** Told to a user whose command hit a bug: short, nothing of the bug, and a reference staff can find in the log. */
export function internalErrorReply(incident: string): string {
  return `Sorry, something went wrong on our side; staff have been told (incident ${incident}).`;
}

/** One pseudo-client's commands, with HELP built in. */
export class CommandTable {
  private readonly byName = new Map<string, Command>();

  constructor(readonly commands: Command[]) {
    for (const command of commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name.toUpperCase())) throw new Error(`command ${name} declared twice`);
        this.byName.set(name.toUpperCase(), command);
      }
    }
  }

  find(name: string): Command | undefined {
    return this.byName.get(name.toUpperCase());
  }
}

/** Splits a message into words; runs of spaces count as one. */
export function tokenize(text: string): string[] {
  return text.trim().split(/ +/).filter((w) => w.length > 0);
}

/**
 * Checks parameters, login and privilege, then runs the handler. Handlers hold only domain work;
 * everything a user can get wrong in the shape of a command is answered here. Nothing throws out
 * of it: a bug anywhere on the way (HELP included) is logged with the command's name and an
 * incident reference, its stack with every argument cut out (an exception may quote a password),
 * the user gets one short notice with the reference and the outcome is "error".
 */
export async function dispatch(table: CommandTable, ctx: CommandContext, text: string, log: Logger): Promise<DispatchResult> {
  try {
    return await dispatchWords(table, ctx, text);
  } catch (error) {
    const command = commandNameOf(table, text);
    if (error instanceof HashQueueFullError) {
      // Load, not a bug: more password checks are waiting than the queue holds.
      log.warn({ command, waiting: error.waiting }, "command refused: password hashing queue full");
      ctx.reply("Services are busy checking passwords; please try again in a few seconds.");
      return { command, outcome: "busy" };
    }
    const incident = newIncident();
    const secrets = argumentsOf(table, text);
    log.error({ command, incident, err: redactWords(errorStack(error), secrets) }, "command failed");
    try {
      ctx.reply(internalErrorReply(incident));
    } catch (replyError) {
      log.error({ command, incident, err: redactWords(errorStack(replyError), secrets) }, "could not tell the user a command failed");
    }
    return { command, outcome: "error", incident };
  }
}

/**
 * The words of a message after the command's name ("SET PASSWORD"): what the user supplied, which
 * may be a password or a code, never to be logged. All of them when the command is unknown.
 */
export function argumentsOf(table: CommandTable, text: string): string[] {
  const words = tokenize(text);
  const name = commandNameOf(table, text);
  return name === "(unknown)" ? words : words.slice(name.split(" ").length);
}

/**
 * The name of the command a message asks for, as far as the table knows it ("SET EMAIL", "HELP"),
 * or "(unknown)": safe to log, as it holds no argument.
 */
export function commandNameOf(table: CommandTable, text: string): string {
  const words = tokenize(text);
  const first = words[0];
  if (!first) return "(unknown)";
  if (first.toUpperCase() === "HELP") return "HELP";
  const path: string[] = [];
  let command = table.find(first);
  for (let i = 1; command; i++) {
    path.push(command.name);
    const word = words[i]?.toUpperCase();
    command = word ? command.subcommands?.find((c) => c.name === word || c.aliases?.includes(word)) : undefined;
  }
  return path.length > 0 ? path.join(" ") : "(unknown)";
}

async function dispatchWords(table: CommandTable, ctx: CommandContext, text: string): Promise<DispatchResult> {
  const words = tokenize(text);
  const first = words[0];
  if (!first) return { command: null, outcome: "unknown" };
  if (first.toUpperCase() === "HELP") {
    sendHelp(table.commands, ctx, words.slice(1));
    return { command: "HELP", outcome: "help" };
  }
  const command = table.find(first);
  if (!command) {
    ctx.reply(`Unknown command ${shown(first.toUpperCase(), 32)}. Type /msg ${ctx.serviceNick} HELP for a list of commands.`);
    return { command: null, outcome: "unknown" };
  }
  if (!allowed(command, ctx)) return denied(command, command.name, ctx);
  return runCommand(command, ctx, text, 1, [command.name]);
}

async function runCommand(
  command: Command,
  ctx: CommandContext,
  text: string,
  consumed: number,
  path: string[],
): Promise<DispatchResult> {
  const fullName = path.join(" ");
  if (command.login && !ctx.source.account) {
    // Not logged in because the account is frozen (this connection proved it is theirs): say so.
    const frozen = ctx.services.accounts.frozenRefusal(ctx.source.uid);
    ctx.reply(frozen ? frozenText(frozen, wordsOf(ctx)) : `You must be logged in to use ${fullName}: /msg ${ctx.nicks.nickserv} IDENTIFY <account> <password>`);
    return { command: fullName, outcome: "login" };
  }
  if (command.subcommands) {
    const words = tokenize(text);
    const subName = words[consumed];
    const sub = subName ? command.subcommands.find((c) => c.name === subName.toUpperCase() || c.aliases?.includes(subName.toUpperCase())) : undefined;
    if (sub && !allowed(sub, ctx)) return denied(sub, `${fullName} ${sub.name}`, ctx);
    if (!sub) {
      if (command.run && (!subName || command.runWithoutSubcommand)) return runLeaf(command, ctx, text, consumed, fullName);
      ctx.reply(subName ? `Unknown ${fullName} option ${shown(subName.toUpperCase(), 32)}.` : `Syntax: ${command.syntax}`);
      ctx.reply(`Type /msg ${ctx.serviceNick} HELP ${fullName} for the options.`);
      return { command: fullName, outcome: "syntax" };
    }
    return runCommand(sub, ctx, text, consumed + 1, [...path, sub.name]);
  }
  return runLeaf(command, ctx, text, consumed, fullName);
}

async function runLeaf(command: Command, ctx: CommandContext, text: string, consumed: number, fullName: string): Promise<DispatchResult> {
  const args = splitArgs(text, consumed, command);
  const max = command.maxArgs ?? Number.POSITIVE_INFINITY;
  if (args.length < command.minArgs || args.length > max) {
    ctx.reply(`Syntax: ${command.syntax}`);
    ctx.reply(`Type /msg ${ctx.serviceNick} HELP ${fullName} for more.`);
    return { command: fullName, outcome: "syntax" };
  }
  if (!command.run) return { command: fullName, outcome: "ok" };
  await command.run(ctx, args);
  return { command: fullName, outcome: "ok" };
}

/** The arguments after the command words; with `rest`, the last argument keeps its inner spaces. */
function splitArgs(text: string, consumed: number, command: Command): string[] {
  const words = [...text.matchAll(/[^ ]+/g)];
  const args = words.slice(consumed).map((m) => m[0]);
  if (!command.rest || command.maxArgs === undefined || args.length <= command.maxArgs) return args;
  const restStart = words[consumed + command.maxArgs - 1]?.index ?? 0;
  return [...args.slice(0, command.maxArgs - 1), text.slice(restStart).trimEnd()];
}

function allowed(command: Command, ctx: CommandContext): boolean {
  return !command.privilege || ctx.source.privileges.has(command.privilege);
}

/** What a user without a command's privilege is told: its real name, and to log in when they are not. */
function privilegeText(command: Command, name: string, ctx: CommandContext): string {
  const needs = `${name} needs the ${command.privilege} privilege`;
  return ctx.source.account ? `${needs}, which your account does not have.` : `${needs}; if you are staff, log in first: /msg ${ctx.nicks.nickserv} IDENTIFY <account> <password>`;
}

function denied(command: Command, name: string, ctx: CommandContext): DispatchResult {
  ctx.reply(privilegeText(command, name, ctx));
  return { command: name, outcome: "denied" };
}

/** Help texts and summaries name the pseudo-clients as {x2}, {nickserv} and {operserv}: their configured nicks. */
function withNicks(line: string, ctx: CommandContext): string {
  return line.replace(/\{(x2|nickserv|operserv)\}/g, (_, key: keyof CommandContext["nicks"]) => ctx.nicks[key]);
}

function sendHelp(commands: Command[], ctx: CommandContext, topic: string[]): void {
  const nick = ctx.serviceNick;
  if (topic.length === 0) {
    const visible = commands.filter((c) => allowed(c, ctx));
    if (visible.length === 0) {
      // Every command needs a privilege (OperServ): say whom it is for, not an empty list.
      ctx.reply(`${nick} is for the network staff: none of its commands is open to you.`);
      if (!ctx.source.account) ctx.reply(`If you are staff, log in first: /msg ${ctx.nicks.nickserv} IDENTIFY <account> <password>`);
      return;
    }
    ctx.reply(`***** ${nick} Help *****`);
    const width = Math.max(...visible.map((c) => c.name.length), 8);
    for (const command of visible) ctx.reply(`  ${command.name.padEnd(width)}  ${withNicks(command.summary, ctx)}`);
    ctx.reply(`For more on a command, type /msg ${nick} HELP <command>.`);
    ctx.reply("***** End of Help *****");
    return;
  }
  let list = commands;
  let command: Command | undefined;
  const path: string[] = [];
  for (const word of topic) {
    const found = list.find((c) => c.name === word.toUpperCase() || c.aliases?.includes(word.toUpperCase()));
    if (found && !allowed(found, ctx)) {
      ctx.reply(privilegeText(found, [...path, found.name].join(" "), ctx));
      return;
    }
    if (!found) break;
    command = found;
    path.push(found.name);
    list = found.subcommands ?? [];
  }
  if (!command) {
    ctx.reply(`No help for ${shown(topic.join(" ").toUpperCase())}. Type /msg ${nick} HELP for a list of commands.`);
    return;
  }
  ctx.reply(`***** Help for ${path.join(" ")} *****`);
  ctx.reply(`Syntax: ${command.syntax}`);
  for (const line of command.help) ctx.reply(withNicks(line, ctx));
  const subs = (command.subcommands ?? []).filter((c) => allowed(c, ctx));
  if (subs.length > 0) {
    ctx.reply("Options:");
    for (const sub of subs) ctx.reply(`  ${sub.name.padEnd(12)}  ${withNicks(sub.summary, ctx)}`);
  }
  if (command.privilege) ctx.reply(`Needs the ${command.privilege} privilege.`);
  ctx.reply("***** End of Help *****");
}
