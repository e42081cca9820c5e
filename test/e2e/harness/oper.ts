/**
 * An IRC operator on the test ircd who watches services' oper notices (SNONOTICE g, which InspIRCd
 * shows to opers with snomask +g). Pass `OPER_IRCD_CONF` to startStack's `ircdConf`.
 */
import { connectClient, type TestClient } from "./client.js";
import type { Stack } from "./stack.js";

const OPER_NAME = "watcher";
const OPER_PASSWORD = "watcher-secret-pass";

export const OPER_IRCD_CONF = [
  `<class name="Watching" commands="*" privs="*" usermodes="*" chanmodes="*" snomasks="*">`,
  `<type name="Watcher" classes="Watching">`,
  `<oper name="${OPER_NAME}" password="${OPER_PASSWORD}" host="*@*" type="Watcher">`,
].join("\n");

export interface OperWatcher {
  client: TestClient;
  /** Sends a raw line and resolves with the first line from the ircd that matches `pred`. */
  command(line: string, pred: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** The first server notice (already received or still to come) whose text matches. */
  waitSnotice(pred: (text: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** Connects `nick`, opers up and sets snomask +g; resolves once the ircd confirmed both (381, then the MODE +s). */
export async function connectOperWatcher(stack: Stack, nick: string): Promise<OperWatcher> {
  const client = await stack.connect(nick);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  client.raw.on("raw", (e: { line?: string; from_server?: boolean }) => {
    if (!e.from_server || !e.line) return;
    lines.push(e.line);
    for (const wake of [...waiters]) wake();
  });
  const waitLine = (pred: (line: string) => boolean, timeoutMs = 10_000): Promise<string> =>
    new Promise((resolve, reject) => {
      let from = 0;
      const check = (): void => {
        for (; from < lines.length; from++) {
          const line = lines[from] as string;
          if (pred(line)) {
            lines.splice(from, 1);
            waiters.delete(check);
            clearTimeout(timer);
            resolve(line);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching line from the ircd within ${timeoutMs} ms; got:\n${lines.slice(-20).join("\n")}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  client.raw.raw(`OPER ${OPER_NAME} ${OPER_PASSWORD}`);
  await waitLine((l) => / 381 /.test(l));
  client.raw.raw(`MODE ${client.nick} +s +g`);
  await waitLine((l) => new RegExp(` MODE ${client.nick} \\+s :?\\+\\S*g`).test(l));
  return {
    client,
    command(line, pred, timeoutMs) {
      const answer = waitLine(pred, timeoutMs);
      client.raw.raw(line);
      return answer;
    },
    waitSnotice: (pred, timeoutMs) => waitLine((l) => / NOTICE /.test(l) && pred(l), timeoutMs),
  };
}

/**
 * Makes the ircd listening for clients on `port` drop `server`, a linked server that has stopped.
 * InspIRCd 3 may not notice that a server closed its link until it next writes to it: under load
 * its end stayed in CLOSE-WAIT for over 20 s, with the stopped server's clients still on the
 * network (a services server's pseudo-clients then collide with the next one's). An oper's SQUIT
 * drops it at once; when the ircd has noticed already, it answers "no such server".
 * `oper` must be an <oper> of that ircd allowed SQUIT (OPER_IRCD_CONF's by default).
 */
export async function squitStoppedServer(
  port: number,
  server: string,
  oper: { name: string; password: string } = { name: OPER_NAME, password: OPER_PASSWORD },
): Promise<void> {
  const client = await connectClient({ port, nick: "SquitOper" });
  try {
    await operUp(client, oper);
    client.raw.raw(`SQUIT ${server} :stopped`);
    await client.roundTrip();
  } finally {
    await client.quit();
  }
}

/** Sends OPER and resolves once the ircd accepted it (381). */
export function operUp(client: TestClient, oper: { name: string; password: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`OPER ${oper.name} was not accepted`)), 5000);
    client.raw.on("raw", (e: { line?: string }) => {
      if (/ 381 /.test(e.line ?? "")) {
        clearTimeout(timer);
        resolve();
      }
    });
    client.raw.raw(`OPER ${oper.name} ${oper.password}`);
  });
}
