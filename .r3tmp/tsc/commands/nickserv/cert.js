import { formatWhen } from "../words.js";
import { certFailureText } from "./failures.js";
import { loggedInAccount, who } from "./common.js";
const add = {
    name: "ADD",
    syntax: "CERT ADD [<fingerprint>]",
    summary: "Adds a client certificate fingerprint to your account.",
    help: [
        "Adds a certificate fingerprint, so that connecting with that certificate logs you in (SASL EXTERNAL).",
        "Without <fingerprint>, the certificate you are connected with now.",
    ],
    minArgs: 0,
    maxArgs: 1,
    login: true,
    run(ctx, [fingerprint]) {
        const account = loggedInAccount(ctx);
        if (!account)
            return void ctx.reply("You are not logged in.");
        const fp = fingerprint ?? ctx.services.network.user(ctx.source.uid)?.certfp ?? null;
        if (!fp) {
            return void ctx.reply("You are not connected with a client certificate; give its fingerprint: CERT ADD <fingerprint>.");
        }
        const result = ctx.services.certfps.add(account.id, fp, who(ctx));
        if (!result.ok)
            return void ctx.reply(certFailureText(result.error));
        ctx.reply(`${result.value.fingerprint} added to ${account.name}: connecting with this certificate now logs you in (SASL EXTERNAL).`);
    },
};
const del = {
    name: "DEL",
    syntax: "CERT DEL <fingerprint>",
    summary: "Removes a client certificate fingerprint from your account.",
    help: ["Removes a fingerprint from your list; that certificate no longer logs you in."],
    minArgs: 1,
    maxArgs: 1,
    login: true,
    run(ctx, [fingerprint = ""]) {
        const account = loggedInAccount(ctx);
        if (!account)
            return void ctx.reply("You are not logged in.");
        const result = ctx.services.certfps.remove(account.id, fingerprint, who(ctx));
        ctx.reply(result.ok ? `${result.value} removed from ${account.name}.` : certFailureText(result.error));
    },
};
const list = {
    name: "LIST",
    syntax: "CERT LIST",
    summary: "Lists the client certificate fingerprints of your account.",
    help: ["Lists the fingerprints that log you in to your account with SASL EXTERNAL."],
    minArgs: 0,
    maxArgs: 0,
    login: true,
    run(ctx) {
        const account = loggedInAccount(ctx);
        if (!account)
            return void ctx.reply("You are not logged in.");
        const entries = ctx.services.certfps.list(account.id);
        if (entries.length === 0)
            return void ctx.reply(`${account.name} has no certificate fingerprints. Add one with CERT ADD.`);
        const now = ctx.services.clock.now();
        for (const e of entries)
            ctx.reply(`${e.fingerprint} (added ${formatWhen(e.addedAt, now)})`);
        ctx.reply(`${entries.length} fingerprint${entries.length === 1 ? "" : "s"} on ${account.name}.`);
    },
};
export const cert = {
    name: "CERT",
    syntax: "CERT ADD [<fingerprint>] | DEL <fingerprint> | LIST",
    summary: "Manages the client certificates that log you in (SASL EXTERNAL).",
    help: [
        "A client certificate whose fingerprint is on your list logs you in when you connect with SASL EXTERNAL.",
        "CERT ADD [<fingerprint>] adds one (without it, the certificate you use now); CERT DEL <fingerprint> removes one;",
        "CERT LIST lists them.",
    ],
    minArgs: 0,
    login: true,
    subcommands: [add, del, list],
};
//# sourceMappingURL=cert.js.map