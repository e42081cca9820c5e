import type { Command } from "../types.js";
import { formatDuration } from "../../util/duration.js";

const startedAt = Date.now();

export const stats: Command = {
  name: "STATS",
  syntax: "STATS",
  summary: "Shows uptime, link state and database figures.",
  help: [
    "Shows how long services have run, whether the uplink is linked, memory use, and how many",
    "accounts, channel registrations, freezes and open deletion cases the database holds.",
  ],
  minArgs: 0,
  maxArgs: 0,
  privilege: "account:auspex",
  run(ctx) {
    const { network, accounts, channels, freeze, deletion } = ctx.services;
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    ctx.reply(`Uptime: ${formatDuration(Date.now() - startedAt)}; uplink ${network.isLinked() ? "linked" : "not linked"}; memory ${rss} MiB.`);
    const a = accounts.counts();
    ctx.reply(`Accounts: ${a.total} (${a.unverified} unverified, ${freeze.activeCount()} frozen).`);
    const c = channels.counts();
    ctx.reply(`Channels: ${c.active} active, ${c.unverified} waiting for their owner to verify them, ${c.held} held for review.`);
    ctx.reply(`Deletion cases open: ${deletion.openCount()}.`);
  },
};
