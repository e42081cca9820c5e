/**
 * SASL through InspIRCd 3's m_sasl: the ircd relays a registering client's AUTHENTICATE lines as
 * `ENCAP <services> SASL <client uid> <agent> <mode> <data...>` and we answer with
 * `ENCAP <client's server> SASL <our sid> <client uid> <mode> <data>`.
 *
 * Exchange (PLAIN; EXTERNAL is the same with the certificate fingerprint from S and an optional
 * authzid as the data):
 *   ircd: H <real host> <ip> <S|P>      host information (P: plaintext, S: TLS)
 *   ircd: S PLAIN [certfp]              the client chose a mechanism
 *   us:   C +                           go ahead
 *   ircd: C <base64>...                 400-byte chunks; a chunk of exactly 400 means more follows,
 *                                       "+" is an empty chunk (ends a multiple of 400); "*" aborts
 *   us:   METADATA <uid> accountid/accountname, then D S  (success)   or   D F  (failure)
 *   ircd: D A                           (abort; m_sasl in 3.x aborts locally, but older ircds send it)
 *
 * A registering client is not on the network yet (no UID line), so a successful login is kept as
 * pending and becomes a session when its UID arrives. SASL after registration logs in at once.
 * Half-finished exchanges are failed after 60 s.
 *
 * EXTERNAL logs in the account whose CERT list holds the fingerprint of the client's certificate
 * (the ircd sends it with S). A mechanism not offered gets the mechanism list (908) and a failure.
 */
import { EventEmitter } from "node:events";
import type { InspircdLink, SaslMessage } from "../irc/link/inspircd.js";
import type { Network, User } from "../irc/network.js";
import type { ServerActions } from "../irc/server-actions.js";
import type { AccountService } from "../services/accounts/service.js";
import type { SaslFailure, SaslMalformed } from "../services/accounts/failures.js";
import type { Account } from "../services/accounts/store.js";
import type { CertFingerprints } from "../services/accounts/certfp.js";
import { HashQueueFullError } from "../services/accounts/hash-queue.js";
import type { NetworkActions } from "../services/ports.js";
import type { Clock } from "../util/clock.js";
import { errorStack, type Logger } from "../util/logger.js";
import { redactWords } from "../util/redact.js";

/** Mechanisms offered, in the order advertised. */
export const SASL_MECHANISMS = ["PLAIN", "EXTERNAL"] as const;
/** The largest AUTHENTICATE parameter; a chunk of this length means more follows. */
export const SASL_CHUNK = 400;
/** Exchanges, pending logins and failure notices older than this are dropped. */
export const SASL_TIMEOUT_MS = 60_000;
/** PLAIN data larger than this (base64 characters) is refused. */
const MAX_PLAIN_BASE64 = 8 * SASL_CHUNK;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type ExchangeState = "started" | "data" | "checking";

interface Exchange {
  uid: string;
  state: ExchangeState;
  mechanism: string | null;
  host: string | null;
  ip: string | null;
  secure: boolean;
  /** The client certificate's fingerprint, when the ircd sent one with S. */
  certfp: string | null;
  buffer: string;
  startedAt: number;
  /** Changes whenever the exchange restarts, so a late password check can tell it is stale. */
  generation: number;
}

interface PendingLogin {
  accountId: string;
  /** The name sent to the ircd. */
  name: string;
  generatedPassword: boolean;
  at: number;
}

export interface SaslDeps {
  link: Pick<InspircdLink, "on" | "off" | "sid">;
  network: Network;
  server: Pick<ServerActions, "sasl" | "saslMechanisms" | "setAccount">;
  accounts: Pick<AccountService, "authenticate" | "login" | "byId" | "resolve" | "frozenFailure" | "rememberFrozenOwner">;
  certfps: Pick<CertFingerprints, "owner">;
  actions: Pick<NetworkActions, "notify">;
  clock: Clock;
  log: Logger;
  /** How often the timeout sweep runs in real time; 0 disables the timer (tests call sweep()). */
  sweepIntervalMs?: number;
}

export interface PlainCredentials {
  authzid: string;
  authcid: string;
  password: string;
}

/** Decodes a PLAIN message: base64 of `authzid NUL authcid NUL password` (RFC 4616); a string says what is wrong. */
export function decodePlain(base64: string): PlainCredentials | SaslMalformed {
  if (!BASE64.test(base64) || base64.length % 4 !== 0) return "not-base64";
  const bytes = Buffer.from(base64, "base64");
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  parts.push(bytes.subarray(start));
  if (parts.length !== 3) return "not-three-parts";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let texts: string[];
  try {
    texts = parts.map((p) => decoder.decode(p));
  } catch {
    return "not-utf8";
  }
  const [authzid = "", authcid = "", password = ""] = texts;
  if (authcid.length === 0) return "no-account-name";
  if (password.length === 0) return "no-password";
  return { authzid, authcid, password };
}

/** The EXTERNAL data: an optional authorization identity (base64 UTF-8; empty for "+"). */
export function decodeAuthzid(base64: string): string | null {
  if (base64 === "") return "";
  if (!BASE64.test(base64) || base64.length % 4 !== 0) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(base64, "base64"));
  } catch {
    return null;
  }
}

export interface SaslEvents {
  /** A login attempt ended: `outcome` is "success" or the failure's kind ("bad-password", "timeout"...). */
  attempt: [mechanism: "PLAIN" | "EXTERNAL", outcome: string];
}

/** The services' SASL agent over the InspIRCd link. */
export class SaslAgent extends EventEmitter<SaslEvents> {
  private readonly exchanges = new Map<string, Exchange>();
  private readonly pendingLogins = new Map<string, PendingLogin>();
  private readonly failureNotices = new Map<string, { failure: SaslFailure; reference: string; at: number }>();
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly onSasl = (message: SaslMessage): void => this.handle(message);
  private readonly onBursting = (): void => this.deps.server.saslMechanisms([...SASL_MECHANISMS]);
  private readonly onDisconnected = (): void => this.exchanges.clear();
  private readonly onUserConnected = (user: User): void => this.userArrived(user);
  private readonly onUserQuit = (user: User): void => {
    this.exchanges.delete(user.uid);
    this.pendingLogins.delete(user.uid);
    this.failureNotices.delete(user.uid);
  };

  constructor(private readonly deps: SaslDeps) {
    super();
  }

  /** Subscribes to the link and the network; started by installSasl. */
  start(): void {
    this.deps.link.on("sasl", this.onSasl);
    this.deps.link.on("bursting", this.onBursting);
    this.deps.link.on("disconnected", this.onDisconnected);
    this.deps.network.on("userConnected", this.onUserConnected);
    this.deps.network.on("userQuit", this.onUserQuit);
    const every = this.deps.sweepIntervalMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    this.deps.link.off("sasl", this.onSasl);
    this.deps.link.off("bursting", this.onBursting);
    this.deps.link.off("disconnected", this.onDisconnected);
    this.deps.network.off("userConnected", this.onUserConnected);
    this.deps.network.off("userQuit", this.onUserQuit);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.exchanges.clear();
    this.pendingLogins.clear();
    this.failureNotices.clear();
  }

  /** Exchanges under way (for tests and STATS). */
  get activeExchanges(): number {
    return this.exchanges.size;
  }

  /** Exchanges waiting for (more) client data, rather than checking a password (for tests and STATS). */
  get exchangesAwaitingData(): number {
    let n = 0;
    for (const ex of this.exchanges.values()) if (ex.state === "data") n++;
    return n;
  }

  handle(message: SaslMessage): void {
    const { client, mode, data } = message;
    switch (mode) {
      case "H": {
        const ex = this.begin(client);
        ex.host = data[0] ?? null;
        ex.ip = data[1] ?? null;
        ex.secure = data[2] === "S";
        return;
      }
      case "S":
        return this.startMechanism(client, (data[0] ?? "").toUpperCase(), data[1] ?? null);
      case "C":
        return this.clientData(client, data[0] ?? "");
      case "D":
        // The ircd aborted (client gave up, registered meanwhile, or disconnected).
        if (this.exchanges.delete(client)) this.deps.log.debug({ uid: client, reason: data[0] ?? "" }, "SASL exchange ended by the ircd");
        return;
      default:
        this.deps.log.debug({ uid: client, mode }, "unknown SASL mode from the ircd ignored");
    }
  }

  /** Fails exchanges older than 60 s and forgets pending logins and notices of clients that never arrived. */
  sweep(): number {
    const cutoff = this.deps.clock.now() - SASL_TIMEOUT_MS;
    let timedOut = 0;
    for (const ex of [...this.exchanges.values()]) {
      if (ex.startedAt > cutoff) continue;
      this.attempted(ex.uid, "timeout");
      this.exchanges.delete(ex.uid);
      this.deps.server.sasl(ex.uid.slice(0, 3), ex.uid, "D", "F");
      timedOut++;
    }
    for (const [uid, pending] of [...this.pendingLogins]) if (pending.at <= cutoff) this.pendingLogins.delete(uid);
    for (const [uid, notice] of [...this.failureNotices]) if (notice.at <= cutoff) this.failureNotices.delete(uid);
    if (timedOut > 0) this.deps.log.info({ count: timedOut }, "half-finished SASL exchanges timed out");
    return timedOut;
  }

  private begin(uid: string): Exchange {
    const existing = this.exchanges.get(uid);
    if (existing) return existing;
    const ex: Exchange = {
      uid,
      state: "started",
      mechanism: null,
      host: null,
      ip: null,
      secure: false,
      certfp: null,
      buffer: "",
      startedAt: this.deps.clock.now(),
      generation: ++this.generation,
    };
    this.exchanges.set(uid, ex);
    return ex;
  }

  private startMechanism(uid: string, mechanism: string, certfp: string | null): void {
    const ex = this.begin(uid);
    // A new S restarts the exchange (a client may try another mechanism after a failure).
    ex.generation = ++this.generation;
    ex.buffer = "";
    ex.startedAt = this.deps.clock.now();
    ex.certfp = certfp && /^[0-9a-fA-F]+$/.test(certfp) ? certfp.toLowerCase() : null;
    if (mechanism === "EXTERNAL" && !ex.certfp) {
      ex.mechanism = mechanism;
      this.deps.log.debug({ uid }, "SASL EXTERNAL without a client certificate");
      return this.fail(uid, { kind: "no-certificate" });
    }
    if ((SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      ex.mechanism = mechanism;
      ex.state = "data";
      this.reply(uid, "C", "+");
      return;
    }
    this.deps.log.debug({ uid, mechanism: mechanism.slice(0, 32) }, "SASL mechanism not offered");
    this.reply(uid, "M", SASL_MECHANISMS.join(","));
    this.finish(uid, false);
  }

  private clientData(uid: string, chunk: string): void {
    if (chunk === "*") {
      // The client aborted (AUTHENTICATE *); the ircd has already told it.
      this.exchanges.delete(uid);
      return;
    }
    const ex = this.exchanges.get(uid);
    if (!ex || ex.state !== "data") {
      // Data without a started exchange (e.g. services restarted meanwhile): fail fast.
      this.deps.log.debug({ uid, state: ex?.state ?? "none" }, "SASL data outside an exchange; failed");
      if (ex?.state !== "checking") this.fail(uid, { kind: "malformed", reason: "not-started" });
      return;
    }
    if (chunk !== "+") {
      if (chunk.length > SASL_CHUNK) return this.fail(uid, { kind: "malformed", reason: "chunk-too-long" });
      ex.buffer += chunk;
      if (ex.buffer.length > MAX_PLAIN_BASE64) return this.fail(uid, { kind: "malformed", reason: "too-long" });
      if (chunk.length === SASL_CHUNK) return; // more follows
    }
    const data = ex.buffer;
    ex.buffer = "";
    if (ex.mechanism === "EXTERNAL") {
      const authzid = decodeAuthzid(data);
      if (authzid === null) return this.fail(uid, { kind: "malformed", reason: "bad-authzid" });
      return this.verifyExternal(ex, authzid);
    }
    const credentials = decodePlain(data);
    if (typeof credentials === "string") return this.fail(uid, { kind: "malformed", reason: credentials });
    ex.state = "checking";
    void this.verify(ex, ex.generation, credentials);
  }

  /** EXTERNAL: the certificate's fingerprint names the account; no password, so no login throttle. */
  private verifyExternal(ex: Exchange, authzid: string): void {
    const { certfps, log, accounts } = this.deps;
    const fingerprint = ex.certfp as string;
    const ownerId = certfps.owner(fingerprint);
    const account = ownerId ? accounts.byId(ownerId) : undefined;
    if (!account) {
      log.info({ uid: ex.uid, ip: ex.ip, fingerprint }, "SASL EXTERNAL failed: unknown certificate");
      return this.fail(ex.uid, { kind: "unknown-certificate", fingerprint });
    }
    // The certificate proves the account is theirs: the refusal may give the staff's reason.
    const frozen = accounts.frozenFailure(account.id, true);
    if (frozen) {
      accounts.rememberFrozenOwner(ex.uid, account.id);
      return this.fail(ex.uid, frozen, account.name);
    }
    if (account.status !== "active") return this.fail(ex.uid, { kind: "unverified" }, account.name);
    if (authzid !== "" && accounts.resolve(authzid)?.id !== account.id) {
      log.info({ uid: ex.uid, account: account.id }, "SASL EXTERNAL failed: authzid names another account");
      return this.fail(ex.uid, { kind: "authzid" });
    }
    this.succeed(ex, account, false, "EXTERNAL");
  }

  private async verify(ex: Exchange, generation: number, credentials: PlainCredentials): Promise<void> {
    const { accounts, network, log } = this.deps;
    const ip = ex.ip ?? network.users.get(ex.uid)?.ip ?? "0.0.0.0";
    let result: Awaited<ReturnType<AccountService["authenticate"]>>;
    try {
      result = await accounts.authenticate(credentials.authcid, credentials.password, ip);
    } catch (error) {
      const busy = error instanceof HashQueueFullError;
      if (busy) log.warn({ uid: ex.uid, waiting: error.waiting }, "SASL login refused: password hashing queue full");
      else log.error({ uid: ex.uid, err: redactWords(errorStack(error), [credentials.password]) }, "SASL password check failed with an error");
      if (this.current(ex, generation)) this.fail(ex.uid, { kind: busy ? "busy" : "error" });
      return;
    }
    if (!this.current(ex, generation)) {
      log.debug({ uid: ex.uid }, "SASL exchange ended before its password check finished; result dropped");
      return;
    }
    if (!result.ok) {
      log.info({ uid: ex.uid, ip, reference: credentials.authcid.slice(0, 64), failure: result.error.kind }, "SASL login failed");
      const frozen = result.error.kind === "frozen" ? accounts.resolve(credentials.authcid) : undefined;
      if (frozen) accounts.rememberFrozenOwner(ex.uid, frozen.id);
      return this.fail(ex.uid, result.error, credentials.authcid);
    }
    const { account, generatedPassword } = result.value;
    if (credentials.authzid !== "" && accounts.resolve(credentials.authzid)?.id !== account.id) {
      log.info({ uid: ex.uid, ip, account: account.id }, "SASL login failed: authzid names another account");
      return this.fail(ex.uid, { kind: "authzid" });
    }
    this.succeed(ex, account, generatedPassword, "PLAIN");
  }

  private succeed(ex: Exchange, account: Account, generatedPassword: boolean, mechanism: string): void {
    const { network, log } = this.deps;
    const ip = ex.ip ?? network.users.get(ex.uid)?.ip ?? "0.0.0.0";
    this.exchanges.delete(ex.uid);
    if (network.users.has(ex.uid)) {
      // SASL after registration: the user is on the network, log in as IDENTIFY would.
      this.logIn(ex.uid, account, generatedPassword);
    } else {
      // The client is still registering: the ircd must hold the login before it says D S, and the
      // session starts when the UID arrives.
      this.deps.server.setAccount(ex.uid, { id: account.id, name: account.name });
      this.pendingLogins.set(ex.uid, { accountId: account.id, name: account.name, generatedPassword, at: this.deps.clock.now() });
    }
    log.info({ uid: ex.uid, account: account.id, ip, secure: ex.secure, mechanism }, "SASL login succeeded");
    this.emit("attempt", mechanism === "EXTERNAL" ? "EXTERNAL" : "PLAIN", "success");
    this.finish(ex.uid, true);
  }

  /** A client that authenticated while registering has arrived: its session begins. */
  private userArrived(user: User): void {
    const failed = this.failureNotices.get(user.uid);
    if (failed) {
      this.failureNotices.delete(user.uid);
      this.deps.actions.notify(user.uid, { kind: "sasl-failed", failure: failed.failure, reference: failed.reference });
    }
    const pending = this.pendingLogins.get(user.uid);
    if (!pending) return;
    this.pendingLogins.delete(user.uid);
    // The ircd holds the login already (we sent it before D S): record it in our view.
    this.deps.network.setAccount(user.uid, pending.name, pending.accountId);
    const account = this.deps.accounts.byId(pending.accountId);
    if (!account || account.frozen) {
      // Dropped or frozen between the exchange and the end of registration.
      this.deps.server.setAccount(user.uid, null);
      this.deps.log.info({ uid: user.uid, account: pending.accountId }, "SASL login withdrawn: the account was dropped or frozen meanwhile");
      return;
    }
    // login() sends the login only if it differs from what the ircd holds (a rename meanwhile).
    this.logIn(user.uid, account, pending.generatedPassword);
  }

  /** A SASL login becomes a session; a degraded account's owner is told how to RECLAIM it. */
  private logIn(uid: string, account: Account, generatedPassword: boolean): void {
    this.deps.accounts.login(uid, account, "sasl", generatedPassword);
    if (account.degradedAt !== null) {
      this.deps.actions.notify(uid, { kind: "account-degraded", account: account.name, entityId: account.id, formerName: account.originalName });
    }
  }

  private current(ex: Exchange, generation: number): boolean {
    return this.exchanges.get(ex.uid) === ex && ex.generation === generation;
  }

  /** Reports the end of an attempt with a known mechanism (a mechanism we do not offer is no attempt). */
  private attempted(uid: string, outcome: string): void {
    const mechanism = this.exchanges.get(uid)?.mechanism;
    if (mechanism === "PLAIN" || mechanism === "EXTERNAL") this.emit("attempt", mechanism, outcome);
  }

  /** Fails the exchange; the user is told why (now, or once their UID arrives). */
  private fail(uid: string, failure: SaslFailure, reference = ""): void {
    this.attempted(uid, failure.kind);
    if (this.deps.network.users.has(uid)) this.deps.actions.notify(uid, { kind: "sasl-failed", failure, reference });
    else this.failureNotices.set(uid, { failure, reference, at: this.deps.clock.now() });
    this.finish(uid, false);
  }

  private finish(uid: string, success: boolean): void {
    this.exchanges.delete(uid);
    this.reply(uid, "D", success ? "S" : "F");
  }

  private reply(uid: string, mode: string, data: string): void {
    this.deps.server.sasl(uid.slice(0, 3), uid, mode, data);
  }
}

/** Starts the SASL agent on the link (main.ts). */
export function installSasl(deps: SaslDeps): SaslAgent {
  const agent = new SaslAgent(deps);
  agent.start();
  return agent;
}
