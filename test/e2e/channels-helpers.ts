/** Helpers shared by the channel e2e tests (test/e2e/channels*.test.ts). */
import type { TestClient } from "./harness/client.js";

/** The channel's members as the client sees them (NAMES), with their prefix modes. */
export function names(client: TestClient, channel: string): Promise<Array<{ nick: string; modes: string[] }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.raw.removeListener("userlist", onList);
      reject(new Error(`NAMES ${channel}: no answer`));
    }, 5000);
    const onList = (e: { channel: string; users: Array<{ nick: string; modes: string[] }> }): void => {
      if (e.channel.toLowerCase() !== channel.toLowerCase()) return;
      clearTimeout(timer);
      client.raw.removeListener("userlist", onList);
      resolve(e.users);
    };
    client.raw.on("userlist", onList);
    client.raw.raw(`NAMES ${channel}`);
  });
}

/** Sends a command to X2 and returns its first reply (matching `pred` when given). */
export async function x2(client: TestClient, text: string, pred?: (t: string) => boolean): Promise<string> {
  client.say("X2", text);
  return client.waitNotice("X2", pred);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
