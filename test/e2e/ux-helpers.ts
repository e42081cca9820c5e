/** Helpers shared by the e2e tests of what users see (issue 19: test/e2e/ux-*.test.ts). */
import type { TestClient } from "./harness/client.js";
import { eventually, type Stack } from "./harness/stack.js";

/** Reads the verification code from the mail delivered to `address`. */
export async function mailedCode(stack: Stack, address: string, timeoutMs = 10_000): Promise<string> {
  const mail = await stack.smtp.waitFor((m) => m.to.includes(address) && /VERIFY REGISTER/.test(m.text), timeoutMs);
  const code = /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
  if (!code) throw new Error(`no code in the mail: ${mail.text}`);
  return code;
}

/** `nick` connects, REGISTERs, VERIFYs with the mailed code (and so is logged in); returns the client and the entity ID. */
export async function registerVerified(stack: Stack, nick: string, password: string, address: string): Promise<{ client: TestClient; eid: string }> {
  const client = await stack.connect(nick);
  client.say("NickServ", `REGISTER ${password} ${address}`);
  const reply = await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
  const eid = /entity ID (\S+)\)/.exec(reply)?.[1];
  if (!eid) throw new Error(`no entity ID in: ${reply}`);
  client.say("NickServ", `VERIFY REGISTER ${nick} ${await mailedCode(stack, address)}`);
  await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
  return { client, eid };
}

/** The notices from `service` the client received and no waitNotice consumed, oldest first. */
export function noticesFrom(client: TestClient, service: string): string[] {
  return client
    .pendingNotices()
    .filter((n) => n.from.toLowerCase() === service.toLowerCase())
    .map((n) => n.message);
}

/**
 * Waits until a notice from `service` matching `pred` has arrived, without consuming it (nor any
 * other): the whole sequence stays for noticesFrom to check.
 */
export async function arrived(client: TestClient, service: string, pred: (t: string) => boolean, timeoutMs = 10_000): Promise<void> {
  await eventually(() => noticesFrom(client, service).some(pred), timeoutMs, `a notice from ${service} on ${client.nick}`);
}

/** Sends `text` to `service` and returns its reply lines, up to the one `last` matches (all consumed). */
export async function ask(client: TestClient, service: string, text: string, last: (t: string) => boolean): Promise<string[]> {
  const before = noticesFrom(client, service).length;
  client.say(service, text);
  await eventually(() => noticesFrom(client, service).slice(before).some(last), 10_000, `${service}'s answer to ${client.nick}`);
  const lines = noticesFrom(client, service).slice(before);
  for (const line of lines) await client.waitNotice(service, (t) => t === line);
  return lines;
}

/** The client quits; resolves once services ended the account's session. */
export async function quitAndEnd(stack: Stack, client: TestClient, accountId: string): Promise<void> {
  await client.quit();
  await eventually(() => stack.app.services.accounts.loggedInUids(accountId).length === 0, 5000, "the session ended");
}
