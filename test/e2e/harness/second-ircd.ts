/**
 * A second InspIRCd ("irc2.test.local", SID 002) for netjoin and netsplit tests. It starts
 * unlinked, so users can make channels on it alone; `link()` has an oper on it CONNECT to the
 * stack's ircd (whose config gets the matching <link> block and an oper who may SQUIT, and is
 * rehashed with SIGHUP), and `split()` stops it, which the first ircd reports to services as a
 * netsplit.
 */
import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePort, startInspircd, type RunningIrcd } from "../../../src/sandbox/inspircd.js";
import { connectClient, type TestClient } from "./client.js";
import { operUp, squitStoppedServer } from "./oper.js";
import { eventually, SERVICES_NAME, type Stack } from "./stack.js";

export const SECOND_NAME = "irc2.test.local";
const FIRST_NAME = "irc.test.local";
const OPER_NAME = "linker";
const SPLIT_OPER_NAME = "splitter";

export interface SecondIrcd {
  ircd: RunningIrcd;
  clientPort: number;
  /** Connects a client to the second ircd. */
  connect(nick: string): Promise<TestClient>;
  /** Links the second ircd to the first and resolves once services have seen its burst end. */
  link(): Promise<void>;
  /** Stops the second ircd: a netsplit as the first ircd and services see it. */
  split(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startSecondIrcd(stack: Stack): Promise<SecondIrcd> {
  const [clientPort, linkPort] = [await freePort(), await freePort()];
  const linkPassword = randomBytes(12).toString("hex");
  const operPassword = randomBytes(12).toString("hex");
  const firstLinkPort = stack.ircd.options.linkPort;

  // The first ircd learns about the second one (and gets an oper who may SQUIT it), then rereads its config.
  appendFileSync(
    join(stack.dir, "inspircd.conf"),
    [
      "",
      `<link name="${SECOND_NAME}" ipaddr="127.0.0.1" port="${linkPort}" allowmask="127.0.0.0/8" timeout="15" sendpass="${linkPassword}" recvpass="${linkPassword}">`,
      `<class name="SecondIrcdSplit" commands="SQUIT" privs="servers/auspex" usermodes="*" chanmodes="*">`,
      `<type name="SecondIrcdSplitter" classes="SecondIrcdSplit">`,
      `<oper name="${SPLIT_OPER_NAME}" password="${operPassword}" host="*@*" type="SecondIrcdSplitter">`,
      "",
    ].join("\n"),
  );
  stack.ircd.process.kill("SIGHUP");

  const ircd = await startInspircd({
    serverName: SECOND_NAME,
    sid: "002",
    clientPort,
    linkPort,
    servicesName: SERVICES_NAME,
    // Never used: the second ircd does not link services directly.
    sendPassword: randomBytes(12).toString("hex"),
    receivePassword: randomBytes(12).toString("hex"),
    dir: join(stack.dir, "irc2"),
    extraConf: [
      `<link name="${FIRST_NAME}" ipaddr="127.0.0.1" port="${firstLinkPort}" allowmask="127.0.0.0/8" timeout="15" sendpass="${linkPassword}" recvpass="${linkPassword}">`,
      `<class name="ServerLink" commands="CONNECT SQUIT RCONNECT RSQUIT" privs="servers/auspex" usermodes="*" chanmodes="*">`,
      `<type name="NetAdmin" classes="ServerLink">`,
      `<oper name="${OPER_NAME}" password="${operPassword}" host="*@*" type="NetAdmin">`,
    ].join("\n"),
  });

  const clients: TestClient[] = [];
  const connect = async (nick: string): Promise<TestClient> => {
    const client = await connectClient({ port: clientPort, nick });
    clients.push(client);
    return client;
  };
  const linkedInServices = (): boolean => {
    const server = stack.app.network.findServer(SECOND_NAME);
    return server !== undefined && !stack.app.network.isBursting(server.sid);
  };

  return {
    ircd,
    clientPort,
    connect,
    async link() {
      const oper = await connect("Linker");
      await operUp(oper, { name: OPER_NAME, password: operPassword });
      // The first ircd may still be rereading its config: retry the CONNECT until services see the burst.
      for (let attempt = 0; attempt < 5 && !linkedInServices(); attempt++) {
        oper.raw.raw(`CONNECT ${FIRST_NAME}`);
        try {
          await eventually(linkedInServices, 4000, `${SECOND_NAME} linked`);
        } catch {
          await sleep(500);
        }
      }
      if (!linkedInServices()) throw new Error(`${SECOND_NAME} did not link to ${FIRST_NAME}:\n${ircd.logTail()}\n${stack.ircd.logTail()}`);
      await oper.quit();
    },
    async split() {
      await Promise.allSettled(clients.map((c) => c.quit()));
      await ircd.stop();
      // The first ircd may not notice the closed link by itself for a long while (its next server
      // PING is up to a minute away): an oper there SQUITs the stopped server.
      await squitStoppedServer(stack.clientPort, SECOND_NAME, { name: SPLIT_OPER_NAME, password: operPassword });
      await eventually(() => stack.app.network.findServer(SECOND_NAME) === undefined, 20_000, `${SECOND_NAME} split`);
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.quit()));
      await ircd.stop();
    },
  };
}
