/** Helpers shared by the channel e2e tests (test/e2e/channels*.test.ts). */
import type { TestClient } from "./harness/client.js";

/** Sends a command to X2 and returns its first reply (matching `pred` when given). */
export async function x2(client: TestClient, text: string, pred?: (t: string) => boolean): Promise<string> {
  client.say("X2", text);
  return client.waitNotice("X2", pred);
}
