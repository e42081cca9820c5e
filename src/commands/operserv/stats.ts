import type { Command } from "../types.js";
import { formatDuration } from "../../util/duration.js";

const startedAt = Date.now();

export const stats: Command = {
  name: "STATS",
  syntax: "STATS",
  summary: "Shows uptime, link state and memory use.",
  help: ["Shows how long services have run, whether the uplink is linked, and memory use."],
  minArgs: 0,
  maxArgs: 0,
  privilege: "account:auspex",
  run(ctx) {
    const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
    ctx.reply(`Uptime: ${formatDuration(Date.now() - startedAt)}; uplink ${ctx.services.network.isLinked() ? "linked" : "not linked"}; memory ${rss} MiB.`);
  },
};
