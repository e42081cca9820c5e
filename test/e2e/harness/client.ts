/**
 * Small helpers around irc-framework's Client for the e2e tests: connect (optionally with SASL
 * PLAIN), wait for notices from a service, whois, join, names, quit.
 */
import ircFramework from "irc-framework";

export interface ConnectOptions {
  port: number;
  nick: string;
  host?: string;
  username?: string;
  gecos?: string;
  sasl?: { account: string; password: string };
  /** How long registration may take; 15 s by default. */
  timeoutMs?: number;
}

export interface Notice {
  /** The sender's nick, or the server name for server notices. */
  from: string;
  target: string;
  message: string;
}

export interface TestClient {
  /** The irc-framework client, for anything the helpers don't cover. */
  raw: any;
  /** The nick the client has now. */
  readonly nick: string;
  /** The account SASL or a later login reported (RPL_LOGGEDIN / account-notify), or null. */
  readonly account: string | null;
  /** The reason irc-framework gave when SASL failed during registration, or null. */
  readonly saslFailure: string | null;
  say(target: string, text: string): void;
  /**
   * The first NOTICE from `fromNick` (case-insensitive) that matches `pred`, including notices
   * that arrived before the call. A matched notice is consumed: it is not found twice.
   */
  waitNotice(fromNick: string, pred?: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** The notices received and not yet consumed by waitNotice. */
  pendingNotices(): Notice[];
  whois(nick: string, timeoutMs?: number): Promise<any>;
  /** Joins and resolves once the server confirms the JOIN. */
  join(channel: string, timeoutMs?: number): Promise<void>;
  /** The channel's members as this client sees them (NAMES), with their prefix modes. */
  names(channel: string, timeoutMs?: number): Promise<Array<{ nick: string; modes: string[] }>>;
  /** Sends QUIT and resolves once the connection is closed (at most 5 s). */
  quit(message?: string): Promise<void>;
  /**
   * Pings the ircd and waits for its PONG: by then the ircd has handled every line this client
   * sent before, and this client has received every line the ircd sent it before.
   */
  roundTrip(timeoutMs?: number): Promise<void>;
  /**
   * Synchronises with a service: sends it a harmless command (`HELP <token>`), waits for the reply,
   * and does it once more. Services handle a user's commands in order and answer at once, so after
   * this, what they did before the second command (because of what this client sent earlier, or
   * of network events they saw earlier, including work they put off to their next event-loop turn,
   * such as checking a new user's nick) has reached this client. Counts against [flood] messages.
   */
  sync(service: string, timeoutMs?: number): Promise<void>;
}

const lower = (s: string): string => s.toLowerCase();

let syncTokens = 0;

export function connectClient(opts: ConnectOptions): Promise<TestClient> {
  const irc = new ircFramework.Client();
  const notices: Notice[] = [];
  const noticeWaiters = new Set<() => void>();
  let account: string | null = null;
  let saslFailure: string | null = null;
  let closed = false;

  irc.on("notice", (e: any) => {
    notices.push({ from: e.nick || e.hostname || "", target: e.target ?? "", message: e.message ?? "" });
    for (const wake of [...noticeWaiters]) wake();
  });
  irc.on("loggedin", (e: any) => {
    account = e.account ?? null;
  });
  irc.on("account", (e: any) => {
    if (irc.user?.nick && lower(e.nick ?? "") === lower(irc.user.nick)) {
      account = e.account === false || e.account === undefined ? null : e.account;
    }
  });
  irc.on("sasl failed", (e: any) => {
    saslFailure = e.reason ?? "fail";
  });
  irc.on("close", () => {
    closed = true;
  });

  const takeNotice = (fromNick: string, pred?: (text: string) => boolean): string | undefined => {
    const i = notices.findIndex((n) => lower(n.from) === lower(fromNick) && (!pred || pred(n.message)));
    if (i < 0) return undefined;
    return notices.splice(i, 1)[0]!.message;
  };

  const client: TestClient = {
    raw: irc,
    get nick() {
      return irc.user?.nick ?? opts.nick;
    },
    get account() {
      return account;
    },
    get saslFailure() {
      return saslFailure;
    },
    say(target, text) {
      irc.say(target, text);
    },
    waitNotice(fromNick, pred, timeoutMs = 5000) {
      const now = takeNotice(fromNick, pred);
      if (now !== undefined) return Promise.resolve(now);
      return new Promise<string>((resolve, reject) => {
        const wake = (): void => {
          const found = takeNotice(fromNick, pred);
          if (found === undefined) return;
          noticeWaiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          noticeWaiters.delete(wake);
          const seen = notices.map((n) => `<${n.from}> ${n.message}`).join("\n  ");
          reject(
            new Error(
              `${client.nick}: no matching notice from ${fromNick} within ${timeoutMs} ms; unconsumed notices:\n  ${seen || "(none)"}`,
            ),
          );
        }, timeoutMs);
        noticeWaiters.add(wake);
      });
    },
    pendingNotices() {
      return [...notices];
    },
    whois(nick, timeoutMs = 5000) {
      return new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`whois ${nick}: no answer within ${timeoutMs} ms`)), timeoutMs);
        irc.whois(nick, (event: any) => {
          clearTimeout(timer);
          resolve(event);
        });
      });
    },
    join(channel, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const onJoin = (e: any): void => {
          if (lower(e.channel ?? "") === lower(channel) && lower(e.nick ?? "") === lower(client.nick)) {
            done();
            resolve();
          }
        };
        const onError = (e: any): void => {
          if (e.channel && lower(e.channel) === lower(channel)) {
            done();
            reject(new Error(`join ${channel}: ${e.error ?? "error"} ${e.reason ?? ""}`.trim()));
          }
        };
        const done = (): void => {
          clearTimeout(timer);
          irc.removeListener("join", onJoin);
          irc.removeListener("irc error", onError);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`join ${channel}: not confirmed within ${timeoutMs} ms`));
        }, timeoutMs);
        irc.on("join", onJoin);
        irc.on("irc error", onError);
        irc.join(channel);
      });
    },
    names(channel, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const onList = (e: { channel: string; users: Array<{ nick: string; modes: string[] }> }): void => {
          if (lower(e.channel) !== lower(channel)) return;
          clearTimeout(timer);
          irc.removeListener("userlist", onList);
          resolve(e.users);
        };
        const timer = setTimeout(() => {
          irc.removeListener("userlist", onList);
          reject(new Error(`NAMES ${channel}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        irc.on("userlist", onList);
        irc.raw(`NAMES ${channel}`);
      });
    },
    roundTrip(timeoutMs = 5000) {
      const token = `rt${++syncTokens}`;
      return new Promise<void>((resolve, reject) => {
        const onPong = (e: { message?: string }): void => {
          if (e.message !== token) return;
          clearTimeout(timer);
          irc.removeListener("pong", onPong);
          resolve();
        };
        const timer = setTimeout(() => {
          irc.removeListener("pong", onPong);
          reject(new Error(`${client.nick}: no PONG from the ircd within ${timeoutMs} ms`));
        }, timeoutMs);
        irc.on("pong", onPong);
        irc.ping(token);
      });
    },
    async sync(service, timeoutMs = 5000) {
      for (let round = 0; round < 2; round++) {
        const token = `SYNC${++syncTokens}`;
        irc.say(service, `HELP ${token}`);
        await client.waitNotice(service, (t) => t.includes(token), timeoutMs);
      }
    },
    quit(message = "bye") {
      if (closed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          irc.connection?.end?.();
          resolve();
        }, 5000);
        irc.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        irc.quit(message);
      });
    },
  };

  const timeoutMs = opts.timeoutMs ?? 15_000;
  return new Promise<TestClient>((resolve, reject) => {
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Make sure nothing is left connected or reconnecting.
      irc.connection?.end?.();
      reject(new Error(`${opts.nick} on 127.0.0.1:${opts.port}: ${why}`));
    };
    const timer = setTimeout(() => fail(`not registered within ${timeoutMs} ms`), timeoutMs);
    irc.once("registered", () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(client);
    });
    irc.on("close", () => fail("connection closed before registration"));
    irc.on("socket close", (err: unknown) =>
      fail(`socket closed before registration${err ? `: ${String(err)}` : ""}`),
    );
    irc.on("nick in use", (e: any) => fail(`nick ${e.nick} is in use`));
    irc.on("nick invalid", (e: any) => fail(`nick ${e.nick} is invalid: ${e.reason}`));

    irc.connect({
      host: opts.host ?? "127.0.0.1",
      port: opts.port,
      nick: opts.nick,
      username: opts.username ?? (opts.nick.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, 10) || "test"),
      gecos: opts.gecos ?? `e2e ${opts.nick}`,
      auto_reconnect: false,
      ping_interval: 0,
      ping_timeout: 0,
      ...(opts.sasl ? { account: { account: opts.sasl.account, password: opts.sasl.password } } : {}),
    });
  });
}
