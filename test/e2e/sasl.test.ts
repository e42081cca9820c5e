/**
 * SASL through InspIRCd's m_sasl against a real ircd: PLAIN with irc-framework and with a raw
 * client (to control chunking, aborts and time-outs), failures and their explanations.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import type { TestClient } from "./harness/client.js";
import { freePort } from "../../src/sandbox/inspircd.js";
import { AccountStore, type Account } from "../../src/services/accounts/store.js";
import { generateEntityId, foldName } from "../../src/services/accounts/names.js";
import { hashPassword } from "../../src/services/accounts/password.js";

/** A bare IRC connection: what irc-framework hides (chunking, abort, numerics) is visible here. */
class RawClient {
  private buffer = "";
  /** Lines received and not yet consumed by waitFor. */
  readonly lines: string[] = [];
  /** Every line received, consumed or not. */
  readonly history: string[] = [];
  private readonly waiters = new Set<() => void>();
  private tokens = 0;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf("\n")) >= 0) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, "");
        this.buffer = this.buffer.slice(nl + 1);
        if (line.startsWith("PING ")) this.send("PONG " + line.slice(5));
        this.lines.push(line);
        this.history.push(line);
      }
      for (const wake of [...this.waiters]) wake();
    });
    socket.on("error", () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** A TLS connection, optionally presenting a client certificate. */
  static connectTls(port: number, cert?: { key: string; cert: string }): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...(cert ?? {}) }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  send(line: string): void {
    this.socket.write(line + "\r\n");
  }

  /** The first line (received since the last match, or later) matching `re`; consumes lines up to it. */
  waitFor(re: RegExp, timeoutMs = 5000): Promise<RegExpMatchArray> {
    const take = (): RegExpMatchArray | null => {
      for (let i = 0; i < this.lines.length; i++) {
        const m = re.exec(this.lines[i] as string);
        if (m) {
          this.lines.splice(0, i + 1);
          return m;
        }
      }
      return null;
    };
    const now = take();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        const m = take();
        if (!m) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no line matching ${re} within ${timeoutMs} ms; got:\n  ${this.lines.join("\n  ")}`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }

  /**
   * Pings the ircd and waits for the answer (PONG, or 451 before registration) without consuming
   * lines: by then the ircd has handled what this client sent before, and this client has
   * received what the ircd sent it before.
   */
  async roundTrip(timeoutMs = 5000): Promise<void> {
    const token = `rt${++this.tokens}`;
    const from = this.history.length;
    this.send(`PING :${token}`);
    const answered = (l: string): boolean => (/ PONG /.test(l) && l.endsWith(token)) || / 451 \S+ PING /.test(l);
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        if (!this.history.slice(from).some(answered)) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no answer to PING ${token} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(wake);
      wake();
    });
  }

  /** Like TestClient.sync: two HELP commands to `service` in a row, each reply awaited (consumed). */
  async sync(service: string): Promise<void> {
    for (let round = 0; round < 2; round++) {
      const token = `SYNC${++this.tokens}`;
      this.send(`PRIVMSG ${service} :HELP ${token}`);
      await this.waitFor(new RegExp(`NOTICE \\S+ :.*${token}`));
    }
  }

  /** CAP LS 302 and REQ sasl; resolves with the sasl capability's value. */
  async startCaps(): Promise<string> {
    this.send("CAP LS 302");
    const ls = await this.waitFor(/ CAP \* LS :(.*)$/);
    const sasl = /(?:^| )sasl(?:=(\S*))?/.exec(ls[1] ?? "");
    if (!sasl) throw new Error(`sasl not offered: ${ls[1]}`);
    this.send("CAP REQ :sasl");
    await this.waitFor(/ CAP \* ACK :sasl/);
    return sasl[1] ?? "";
  }

  async register(nick: string): Promise<void> {
    this.send("CAP END");
    this.send(`NICK ${nick}`);
    this.send(`USER ${nick.toLowerCase().slice(0, 10)} 0 * :raw ${nick}`);
    await this.waitFor(/ 001 /);
  }

  close(): void {
    this.socket.destroy();
  }
}

const plain = (authzid: string, authcid: string, password: string): string =>
  Buffer.from(`${authzid}\0${authcid}\0${password}`, "utf8").toString("base64");

/** Splits base64 into AUTHENTICATE chunks of 400, with "+" after an exact multiple of 400. */
function chunks(b64: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += 400) out.push(b64.slice(i, i + 400));
  if (b64.length % 400 === 0) out.push("+");
  return out;
}

/** Creates an account in the services' database, as if registered and (unless said) verified. */
async function makeAccount(
  stack: Stack,
  name: string,
  password: string,
  opts: { status?: "active" | "unverified"; generated?: boolean } = {},
): Promise<Account> {
  return new AccountStore(stack.app.db).create({
    id: generateEntityId(),
    name,
    passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }),
    passwordGenerated: opts.generated ?? false,
    email: `${name.toLowerCase()}@example.org`,
    emailCanonical: `${name.toLowerCase()}@example.org`,
    status: opts.status ?? "active",
    origin: "nickserv",
    now: stack.clock.now(),
  });
}

describe("SASL", () => {
  let stack: Stack;
  let store: AccountStore;
  const raws: RawClient[] = [];

  async function raw(): Promise<RawClient> {
    const client = await RawClient.connect(stack.clientPort);
    raws.push(client);
    return client;
  }

  let watching: TestClient | undefined;
  /** A registered client that lives through the file, for synchronising with services. */
  const watcher = async (): Promise<TestClient> => (watching ??= await stack.connect("SaslSync"));

  const sessionOf = (nick: string): Account | null => {
    const user = stack.app.network.findByNick(nick);
    return user ? stack.app.services.accounts.accountOf(user.uid) : null;
  };

  beforeAll(async () => {
    stack = await startStack({ sections: { security: "login_attempts_per_minute = 3" } });
    store = new AccountStore(stack.app.db);
  });

  afterAll(async () => {
    for (const r of raws) r.close();
    await stack?.stop();
  });

  it("advertises PLAIN and EXTERNAL as the sasl capability's mechanism list", async () => {
    const client = await raw();
    expect(await client.startCaps()).toBe("PLAIN,EXTERNAL");
  });

  it("logs in with PLAIN during registration: loggedin, WHOIS account and a services session", async () => {
    const account = await makeAccount(stack, "SaslAnn", "ann-password-1");
    const ann = await stack.connect("SaslAnn", { sasl: { account: "SaslAnn", password: "ann-password-1" } });
    expect(ann.account).toBe("SaslAnn");
    expect(ann.saslFailure).toBeNull();
    const watcher = await stack.connect("SaslWatch");
    const whois = await watcher.whois("SaslAnn");
    expect(whois.account).toBe("SaslAnn");
    await eventually(() => sessionOf("SaslAnn")?.id === account.id, 5000, "services session for SaslAnn");
    expect(stack.app.services.accounts.deps.sessions.get(stack.app.network.findByNick("SaslAnn")!.uid)?.via).toBe("sasl");
    // A user logged in by SASL on their own nick is not asked to identify.
    await ann.sync("NickServ");
    expect(ann.pendingNotices().filter((n) => /is registered/.test(n.message))).toEqual([]);
    expect(stack.app.accountNetwork.protection.pendingFor(stack.app.network.findByNick("SaslAnn")!.uid)).toBeUndefined();
  });

  it("accepts the account's entity ID and a grouped nick as the SASL account name", async () => {
    const account = await makeAccount(stack, "SaslBen", "ben-password-1");
    store.addNick(account.id, "SaslBenAway", stack.clock.now());
    const byId = await stack.connect("SaslBen1", { sasl: { account: account.id, password: "ben-password-1" } });
    expect(byId.account).toBe("SaslBen");
    const byNick = await stack.connect("SaslBen2", { sasl: { account: "SaslBenAway", password: "ben-password-1" } });
    expect(byNick.account).toBe("SaslBen");
  });

  it("fails a wrong password with 904 and explains why once the user is on", async () => {
    await makeAccount(stack, "SaslCat", "cat-password-1");
    const cat = await stack.connect("SaslCat1", { sasl: { account: "SaslCat", password: "not-the-password" } });
    expect(cat.saslFailure).toBe("fail");
    expect(cat.account).toBeNull();
    expect(await cat.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toMatch(/Invalid password for SaslCat/);
    expect(sessionOf("SaslCat1")).toBeNull();
  });

  it("fails an unknown account", async () => {
    const who = await stack.connect("SaslNobody", { sasl: { account: "NoSuchAccount", password: "whatever-pw" } });
    expect(who.saslFailure).toBe("fail");
    expect(await who.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toMatch(/not a registered account/);
  });

  it("refuses an unverified account with a chosen password and says how to verify", async () => {
    await makeAccount(stack, "SaslDan", "dan-password-1", { status: "unverified" });
    const dan = await stack.connect("SaslDan", { sasl: { account: "SaslDan", password: "dan-password-1" } });
    expect(dan.saslFailure).toBe("fail");
    expect(dan.account).toBeNull();
    expect(await dan.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toMatch(/not verified/);
    const whois = await dan.whois("SaslDan");
    expect(whois.account).toBeFalsy();
  });

  it("logs in to an unverified account with its generated (mailed) password, which verifies it", async () => {
    const account = await makeAccount(stack, "SaslGen", "generated-pw-1", { status: "unverified", generated: true });
    const gen = await stack.connect("SaslGen", { sasl: { account: "SaslGen", password: "generated-pw-1" } });
    expect(gen.account).toBe("SaslGen");
    await eventually(() => store.byId(account.id)?.status === "active", 5000, "account verified by the generated password");
  });

  it("refuses a frozen account with the freeze message", async () => {
    const account = await makeAccount(stack, "SaslEve", "eve-password-1");
    store.setFlag(account.id, "frozen", true);
    const eve = await stack.connect("SaslEve1", { sasl: { account: "SaslEve", password: "eve-password-1" } });
    expect(eve.saslFailure).toBe("fail");
    expect(eve.account).toBeNull();
    expect(await eve.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toMatch(/frozen/i);
  });

  it("throttles repeated failures: the next attempt is refused with a retry time even with the right password", async () => {
    await makeAccount(stack, "SaslFay", "fay-password-1");
    for (let i = 0; i < 3; i++) {
      const c = await stack.connect(`SaslFayBad${i}`, { sasl: { account: "SaslFay", password: `wrong-${i}-password` } });
      expect(c.saslFailure).toBe("fail");
    }
    const right = await stack.connect("SaslFay1", { sasl: { account: "SaslFay", password: "fay-password-1" } });
    expect(right.saslFailure).toBe("fail");
    expect(right.account).toBeNull();
    expect(await right.waitNotice("NickServ", (t) => t.startsWith("SASL login failed"))).toMatch(/Too many failed logins.*limit 3 a minute.*try again in \d+/);
    // After the throttle window the right password works again.
    stack.clock.advance(61_000);
    const later = await stack.connect("SaslFay2", { sasl: { account: "SaslFay", password: "fay-password-1" } });
    expect(later.account).toBe("SaslFay");
  });

  it("reassembles PLAIN data sent in 400-byte chunks, ended by a short chunk", async () => {
    const password = "p".repeat(295);
    await makeAccount(stack, "SaslLong", password);
    const b64 = plain("", "SaslLong", password);
    expect(b64.length).toBeGreaterThan(400);
    expect(b64.length % 400).not.toBe(0);
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    for (const c of chunks(b64)) client.send(`AUTHENTICATE ${c}`);
    await client.waitFor(/ 900 \S+ \S+ SaslLong :/);
    await client.waitFor(/ 903 /);
    await client.register("SaslLong");
    await eventually(() => sessionOf("SaslLong")?.name === "SaslLong", 5000, "session for SaslLong");
    // The session starting when the user arrives does not send the login (and RPL_LOGGEDIN) again.
    await client.sync("NickServ");
    expect(client.history.filter((l) => / 900 /.test(l))).toHaveLength(1);
  });

  it("reassembles PLAIN data of exactly 400 bytes followed by AUTHENTICATE +", async () => {
    // authzid "" + NUL + "SaslExact" + NUL + password = 300 bytes -> exactly 400 base64 characters.
    const password = "e".repeat(300 - 2 - "SaslExact".length);
    await makeAccount(stack, "SaslExact", password);
    const b64 = plain("", "SaslExact", password);
    expect(b64.length).toBe(400);
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    client.send(`AUTHENTICATE ${b64}`);
    // Nothing is decided before the terminating "+": once services have handled the chunk (the
    // ircd relayed it before answering this client's PING, and services answer a command sent
    // after that), the exchange still waits for data and the client has no verdict.
    await client.roundTrip();
    await (await watcher()).sync("NickServ");
    await client.roundTrip();
    expect(stack.app.sasl.exchangesAwaitingData).toBe(1);
    expect(client.history.some((l) => / 90[34] /.test(l))).toBe(false);
    client.send("AUTHENTICATE +");
    await client.waitFor(/ 903 /);
    await client.register("SaslExact");
    await eventually(() => sessionOf("SaslExact")?.name === "SaslExact", 5000, "session for SaslExact");
  });

  it("accepts an authzid naming the same account and refuses one naming another", async () => {
    const gus = await makeAccount(stack, "SaslGus", "gus-password-1");
    await makeAccount(stack, "SaslHal", "hal-password-1");
    const same = await raw();
    await same.startCaps();
    same.send("AUTHENTICATE PLAIN");
    await same.waitFor(/^AUTHENTICATE :?\+$/);
    same.send(`AUTHENTICATE ${plain(`?${gus.id}`, "SaslGus", "gus-password-1")}`);
    await same.waitFor(/ 903 /);
    const other = await raw();
    await other.startCaps();
    other.send("AUTHENTICATE PLAIN");
    await other.waitFor(/^AUTHENTICATE :?\+$/);
    other.send(`AUTHENTICATE ${plain("SaslHal", "SaslGus", "gus-password-1")}`);
    await other.waitFor(/ 904 /);
    await other.register("SaslGusOther");
    await other.waitFor(/NOTICE SaslGusOther :SASL login failed: the authorization identity/);
  });

  it("fails malformed PLAIN data at once", async () => {
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    client.send(`AUTHENTICATE ${Buffer.from("no-nul-bytes-here").toString("base64")}`);
    await client.waitFor(/ 904 /);
    await client.register("SaslBadData");
    await client.waitFor(/NOTICE SaslBadData :SASL login failed: the PLAIN message must be/);
  });

  it("fails with an internal error when the password check throws, and keeps the password out of the log", async () => {
    const accounts = stack.app.services.accounts;
    const real = accounts.authenticate;
    // A bug whose exception quotes what it was given, as a careless `new Error(\`...${x}\`)` would.
    accounts.authenticate = async (reference, password) => {
      throw new Error(`cannot check ${reference} with ${password}`);
    };
    try {
      const client = await raw();
      await client.startCaps();
      client.send("AUTHENTICATE PLAIN");
      await client.waitFor(/^AUTHENTICATE :?\+$/);
      client.send(`AUTHENTICATE ${plain("", "SaslBug", "tr0ub4dor-secret")}`);
      await client.waitFor(/ 904 /);
      await client.register("SaslBug");
      await client.waitFor(/NOTICE SaslBug :SASL login failed because of an internal error/);
    } finally {
      accounts.authenticate = real;
    }
    // The log entry is written by the time the user is told (pino's file writes may lag a little).
    const entry = await eventually(() => readFileSync(stack.logPath, "utf8").split("\n").find((l) => l.includes("SASL password check failed")));
    expect(JSON.parse(entry).err).toMatch(/^Error: cannot check SaslBug with \[redacted\]\n\s+at /);
    expect(readFileSync(stack.logPath, "utf8")).not.toContain("tr0ub4dor-secret");
  });

  it("answers a mechanism it does not offer with the list (908) and a failure", async () => {
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE SCRAM-SHA-256");
    await client.waitFor(/ 908 \S+ PLAIN,EXTERNAL :are available SASL mechanisms/);
    await client.waitFor(/ 904 /);
    // The client may try again with PLAIN.
    await makeAccount(stack, "SaslIvy", "ivy-password-1");
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    client.send(`AUTHENTICATE ${plain("", "SaslIvy", "ivy-password-1")}`);
    await client.waitFor(/ 903 /);
  });

  it("fails EXTERNAL at once for a client without a certificate", async () => {
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE EXTERNAL");
    await client.waitFor(/ 904 /);
    await client.register("SaslNoCert");
    await client.waitFor(/NOTICE SaslNoCert :SASL EXTERNAL failed: you did not connect with a client certificate/);
  });

  it("clears an exchange the client aborts", async () => {
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    await eventually(() => stack.app.sasl.activeExchanges > 0, 2000, "exchange under way");
    client.send("AUTHENTICATE *");
    await client.waitFor(/ 906 /);
    await eventually(() => stack.app.sasl.activeExchanges === 0, 2000, "exchange cleared");
  });

  it("fails an exchange left half-finished for 60 seconds", async () => {
    const client = await raw();
    await client.startCaps();
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    await stack.advance(59_000);
    await stack.settle();
    await client.roundTrip();
    expect(client.history.some((l) => / 904 /.test(l))).toBe(false);
    expect(stack.app.sasl.activeExchanges).toBe(1);
    await stack.advance(2_000);
    await client.waitFor(/ 904 /);
    expect(stack.app.sasl.activeExchanges).toBe(0);
  });

  it("logs in a user who authenticates after registration", async () => {
    const account = await makeAccount(stack, "SaslJo", "jo-password-1");
    const client = await raw();
    await client.startCaps();
    await client.register("SaslJoLate");
    client.send("AUTHENTICATE PLAIN");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    client.send(`AUTHENTICATE ${plain("", "SaslJo", "jo-password-1")}`);
    await client.waitFor(/ 900 \S+ \S+ SaslJo :/);
    await client.waitFor(/ 903 /);
    expect(sessionOf("SaslJoLate")?.id).toBe(account.id);
    expect(foldName(stack.app.network.findByNick("SaslJoLate")!.account ?? "")).toBe(foldName("SaslJo"));
  });
});

/** Makes a self-signed certificate and key with openssl; returns the PEM texts and the SHA-256 fingerprint. */
function makeCertificate(dir: string, name: string): { key: string; cert: string; fingerprint: string; keyPath: string; certPath: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", `/CN=${name}`], {
    stdio: "ignore",
  });
  const cert = readFileSync(certPath, "utf8");
  const fingerprint = new X509Certificate(cert).fingerprint256.replace(/:/g, "").toLowerCase();
  return { key: readFileSync(keyPath, "utf8"), cert, fingerprint, keyPath, certPath };
}

describe("SASL EXTERNAL with client certificates over TLS", () => {
  let certDir: string;
  let stack: Stack;
  let tlsPort: number;
  let store: AccountStore;
  const raws: RawClient[] = [];
  let alice: ReturnType<typeof makeCertificate>;
  let stranger: ReturnType<typeof makeCertificate>;

  const tls = async (cert?: { key: string; cert: string }): Promise<RawClient> => {
    const client = await RawClient.connectTls(tlsPort, cert);
    raws.push(client);
    return client;
  };

  async function external(client: RawClient): Promise<"ok" | "fail"> {
    await client.startCaps();
    client.send("AUTHENTICATE EXTERNAL");
    await client.waitFor(/^AUTHENTICATE :?\+$/);
    client.send("AUTHENTICATE +");
    const outcome = await client.waitFor(/ (903|904) /);
    return outcome[1] === "903" ? "ok" : "fail";
  }

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), "custodian-e2e-tls-"));
    const server = makeCertificate(certDir, "server");
    alice = makeCertificate(certDir, "alice");
    stranger = makeCertificate(certDir, "stranger");
    const dhPath = join(certDir, "dh.pem");
    execFileSync("openssl", ["genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out", dhPath], { stdio: "ignore" });
    tlsPort = await freePort();
    stack = await startStack({
      ircdConf: [
        `<module name="ssl_gnutls">`,
        `<module name="sslinfo">`,
        `<sslprofile name="Clients" provider="gnutls" certfile="${server.certPath}" keyfile="${server.keyPath}" dhfile="${dhPath}" hash="sha256" requestclientcert="yes">`,
        `<bind address="127.0.0.1" port="${tlsPort}" type="clients" sslprofile="Clients">`,
      ].join("\n"),
    });
    store = new AccountStore(stack.app.db);
    await makeAccount(stack, "CertAlice", "alice-password-1");
  });

  afterAll(async () => {
    for (const r of raws) r.close();
    await stack?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it("adds the certificate the user is connected with (CERT ADD) and lists it (CERT LIST)", async () => {
    const client = await tls(alice);
    await client.register("CertAlice");
    client.send("PRIVMSG NickServ :IDENTIFY alice-password-1");
    await client.waitFor(/NOTICE CertAlice :You are now logged in as CertAlice\./);
    client.send("PRIVMSG NickServ :CERT ADD");
    await client.waitFor(new RegExp(`NOTICE CertAlice :${alice.fingerprint} added to CertAlice`));
    client.send("PRIVMSG NickServ :CERT ADD");
    await client.waitFor(/NOTICE CertAlice :\S+ is already on your list\./);
    client.send("PRIVMSG NickServ :CERT LIST");
    await client.waitFor(new RegExp(`NOTICE CertAlice :${alice.fingerprint} \\(added `));
    await client.waitFor(/NOTICE CertAlice :1 fingerprint on CertAlice\./);
    client.send("PRIVMSG NickServ :CERT ADD not-a-fingerprint");
    await client.waitFor(/NOTICE CertAlice :not-a-fingerprint is not a certificate fingerprint/);
    client.send("QUIT :done");
  });

  it("logs in with EXTERNAL when the certificate is on the account's list", async () => {
    const client = await tls(alice);
    expect(await external(client)).toBe("ok");
    await client.register("CertAliceTwo");
    await eventually(() => {
      const user = stack.app.network.findByNick("CertAliceTwo");
      return user && stack.app.services.accounts.accountOf(user.uid)?.name === "CertAlice";
    }, 5000, "session by EXTERNAL");
  });

  it("fails EXTERNAL with a certificate on no list, and says so", async () => {
    const client = await tls(stranger);
    expect(await external(client)).toBe("fail");
    await client.register("CertStranger");
    await client.waitFor(new RegExp(`NOTICE CertStranger :SASL EXTERNAL failed: your certificate \\(${stranger.fingerprint}\\) is on no account's list`));
  });

  it("refuses a certificate already on another account, and stops accepting one removed with CERT DEL", async () => {
    const other = await tls(stranger);
    await other.register("CertBob");
    await makeAccount(stack, "CertBob", "bob-password-1");
    other.send("PRIVMSG NickServ :IDENTIFY bob-password-1");
    await other.waitFor(/You are now logged in as CertBob\./);
    other.send(`PRIVMSG NickServ :CERT ADD ${alice.fingerprint.toUpperCase().match(/../g)!.join(":")}`);
    await other.waitFor(/NOTICE CertBob :\S+ belongs to another account\./);

    const owner = await tls(alice);
    expect(await external(owner)).toBe("ok");
    await owner.register("CertAliceDel");
    owner.send(`PRIVMSG NickServ :CERT DEL ${alice.fingerprint}`);
    await owner.waitFor(new RegExp(`NOTICE CertAliceDel :${alice.fingerprint} removed from CertAlice\\.`));
    const again = await tls(alice);
    expect(await external(again)).toBe("fail");
  });

  it("refuses EXTERNAL for a frozen account", async () => {
    const client = await tls(alice);
    await client.register("CertAliceFrz");
    client.send("PRIVMSG NickServ :IDENTIFY CertAlice alice-password-1");
    await client.waitFor(/You are now logged in as CertAlice\./);
    client.send("PRIVMSG NickServ :CERT ADD");
    await client.waitFor(/added to CertAlice/);
    const frozenBy = stack.app.services.freeze.freeze({ reference: "CertAlice", reason: "chargeback", durationMs: null, by: { id: "system", name: "system" } });
    expect(frozenBy.ok).toBe(true);
    const frozen = await tls(alice);
    expect(await external(frozen)).toBe("fail");
    await frozen.register("CertFrozen");
    // The certificate proves the account is theirs: the refusal gives the reason and where to turn.
    await frozen.waitFor(
      /NOTICE CertFrozen :SASL login failed: The account CertAlice is frozen by the network staff: chargeback\. To resolve this, write to staff@test\.local\./,
    );
  });
});
