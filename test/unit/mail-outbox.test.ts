import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Config } from "../../src/config/schema.js";
import { openDatabase, type Database } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import {
  MailDelivery,
  MailService,
  Outbox,
  bulkBudget,
  classifySendError,
  retryDelay,
  type DeliveryHooks,
  type MailSender,
  type OutgoingMail,
} from "../../src/services/mail/index.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { HOUR, MINUTE } from "../support.js";
import { pino } from "pino";
import { Writable } from "node:stream";


const mailConfig = (over: Partial<Config["mail"]> = {}): Config["mail"] => ({
  from: "services@example.net",
  transport: "file",
  smtp_url: "",
  dir: "data/mail",
  network_name: "ExampleNet",
  contact: "",
  url: "",
  blacklist: [],
  delay: 5 * MINUTE,
  per_address_per_hour: 3,
  per_hour: 100,
  bulk_share: 0.5,
  retry_base: MINUTE,
  max_attempts: 4,
  ...over,
});

/** A sender that records what it was given and fails as told. */
class FakeSender implements MailSender {
  sent: OutgoingMail[] = [];
  failures: unknown[] = [];
  private n = 0;
  async send(m: OutgoingMail): Promise<{ messageId: string }> {
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    this.sent.push(m);
    this.n += 1;
    return { messageId: `<${this.n}.fake@example.net>` };
  }
}

const smtpError = (responseCode: number, code = "EENVELOPE"): Error =>
  Object.assign(new Error(`Can't send mail: ${responseCode} test reply`), {
    code,
    responseCode,
    response: `${responseCode} 4.7.1 <bob@example.org> test reply`,
  });
const connectionError = (): Error =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ESOCKET", errno: -111 });

const verify = (code = "C0DE42") => ({ account: "Tom", code, verifyWindow: "24 hours" });

let clock: ManualClock;
let db: Database;
let config: Config["mail"];
let outbox: Outbox;
let sender: FakeSender;
let hooks: DeliveryHooks & { permanent: [string, string][]; gaveUp: [string, string][] };
let delivery: MailDelivery;
let dir: string | undefined;

const makeHooks = () => {
  const permanent: [string, string][] = [];
  const gaveUp: [string, string][] = [];
  return {
    permanent,
    gaveUp,
    onPermanentFailure: (a: string, r: string) => void permanent.push([a, r]),
    onGiveUp: (a: string, r: string) => void gaveUp.push([a, r]),
  };
};

const setUp = (over: Partial<Config["mail"]> = {}, path = ":memory:") => {
  db = openDatabase(path);
  migrate(db, defaultMigrationsDir());
  config = mailConfig(over);
  outbox = new Outbox(db, clock, config);
  sender = new FakeSender();
  hooks = makeHooks();
  delivery = new MailDelivery(outbox, sender, clock, config, silentLogger(), hooks);
};

beforeEach(() => {
  clock = new ManualClock();
  dir = undefined;
});

afterEach(async () => {
  await delivery?.stop();
  if (db?.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Outbox.enqueue", () => {
  beforeEach(() => setUp());

  it("stores the normalised address", () => {
    const queued = outbox.enqueue({ template: "account_verify", to: "Tom@EXAMPLE.org", data: verify() });
    expect(queued.undeliverable).toBeNull();
    expect(outbox.get(queued.id)).toMatchObject({ recipient: "Tom@example.org", status: "queued", attempts: 0 });
  });

  it("records a mail to an address the rules refuse as undeliverable instead of throwing", async () => {
    const queued = outbox.enqueue({ template: "account_verify", to: "tom@localhost", data: verify("SECRET1") });
    expect(queued.undeliverable).toEqual({ kind: "not-full-domain", domain: "localhost" });
    expect(outbox.get(queued.id)).toMatchObject({
      recipient: "tom@localhost",
      status: "failed",
      attempts: 0,
      data: {},
      lastError: "undeliverable: the address does not pass the address rules (not-full-domain)",
    });
    const injected = outbox.enqueue({ template: "account_verify", to: "a@b.com\r\nBcc: x@y.com", data: verify() });
    expect(injected.undeliverable?.kind).toBe("control");
    expect(outbox.stats()).toMatchObject({ queued: 0, failed: 2 });
    // Never handed to the sender.
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.sent).toHaveLength(0);
  });

  it("still throws for programming errors, whatever the address", () => {
    expect(() => outbox.enqueue({ template: "no_such_template" as never, to: "tom@localhost", data: verify() as never })).toThrow(/unknown mail template/);
    expect(() => outbox.enqueue({ template: "account_verify", to: "tom@localhost", data: { account: "Tom" } as never })).toThrow(/data\.code/);
    expect(outbox.stats()).toMatchObject({ queued: 0, failed: 0 });
  });

  it("refuses missing template data at enqueue time", () => {
    expect(() =>
      outbox.enqueue({ template: "account_verify", to: "tom@example.org", data: { account: "Tom" } as never }),
    ).toThrow(/data\.code/);
    expect(outbox.stats().queued).toBe(0);
  });
});

describe("mail delay", () => {
  beforeEach(() => setUp());

  it("does not send a mail before its delay and sends it after", async () => {
    const id = outbox.enqueue({ template: "account_verify", to: "tom@example.org", data: verify(), delayMs: 5 * MINUTE }).id;
    expect(outbox.due(10)).toEqual([]);
    clock.advance(5 * MINUTE - 1);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(1);
    expect(outbox.due(10).map((r) => r.id)).toEqual([id]);
    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sender.sent[0]?.text).toContain("/msg NickServ VERIFY REGISTER Tom C0DE42");
    const row = outbox.get(id);
    expect(row).toMatchObject({ status: "sent", sentAt: clock.now(), messageId: "<1.fake@example.net>", attempts: 1 });
    expect(row?.data).toEqual({}); // the code is not kept once sent
  });

  it("a cancel before the send prevents it, and leaves sent mails alone", async () => {
    const sentId = outbox.enqueue({ template: "channel_verify_code", to: "a@example.org", ref: "chanreg:12", data: { channel: "#w", account: "A", code: "X1", verifyWindow: "48h" } }).id;
    await delivery.runOnce();
    const queuedId = outbox.enqueue({ template: "channel_register_password", to: "a@example.org", ref: "chanreg:12", delayMs: 5 * MINUTE, data: { channel: "#w", account: "A", password: "pw", verifyWindow: "48h" } }).id;
    const otherId = outbox.enqueue({ template: "account_verify", to: "b@example.org", ref: "chanreg:13", delayMs: 5 * MINUTE, data: verify() }).id;
    expect(outbox.pending("chanreg:12").map((r) => r.id)).toEqual([queuedId]);

    expect(outbox.cancel("chanreg:12")).toBe(1);
    clock.advance(HOUR);
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(sender.sent.map((m) => m.to)).toEqual(["a@example.org", "b@example.org"]);
    expect(outbox.get(sentId)?.status).toBe("sent");
    expect(outbox.get(queuedId)).toMatchObject({ status: "cancelled", data: {} });
    expect(outbox.get(otherId)?.status).toBe("sent");
    expect(outbox.cancel("chanreg:12")).toBe(0);
  });
});

describe("rate limits", () => {
  it("holds mails to one (canonical) address over the hourly limit and releases them as the hour rolls", async () => {
    setUp({ per_address_per_hour: 2 });
    const ids = ["a.b+1@gmail.com", "ab@googlemail.com", "A.B+3@gmail.com", "other@example.org"].map((to) =>
      outbox.enqueue({ template: "account_verify", to, data: verify() }).id,
    );
    expect(await delivery.runOnce()).toMatchObject({ sent: 3 });
    expect(sender.sent.map((m) => m.to)).toEqual(["a.b+1@gmail.com", "ab@googlemail.com", "other@example.org"]);
    expect(outbox.get(ids[2]!)?.status).toBe("queued");

    clock.advance(HOUR - 1);
    expect(await delivery.runOnce()).toMatchObject({ sent: 0 });
    expect(outbox.get(ids[2]!)?.status).toBe("queued");
    clock.advance(1);
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(outbox.get(ids[2]!)?.status).toBe("sent");
  });

  it("holds mails over the global hourly limit, never dropping them", async () => {
    setUp({ per_hour: 3, per_address_per_hour: 10 });
    for (let i = 0; i < 5; i++) {
      outbox.enqueue({ template: "account_verify", to: `user${i}@example.org`, data: verify() });
      clock.advance(10 * MINUTE);
      await delivery.runOnce();
    }
    // Sent at 10, 20, 30 minutes; the 4th and 5th wait.
    expect(sender.sent).toHaveLength(3);
    expect(outbox.stats()).toMatchObject({ sent: 3, queued: 2 });
    clock.set(Date.UTC(2026, 0, 1) + 70 * MINUTE); // the first send leaves the window
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    clock.set(Date.UTC(2026, 0, 1) + 80 * MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(sender.sent.map((m) => m.to)).toEqual([0, 1, 2, 3, 4].map((i) => `user${i}@example.org`));
    expect(outbox.stats()).toMatchObject({ sent: 5, queued: 0, failed: 0, cancelled: 0 });
  });
});

describe("priority classes", () => {
  const bulkMail = (i: number) =>
    outbox.enqueue({
      template: "nick_expire_warning",
      to: `bulk${i}@example.org`,
      priority: "bulk",
      data: { account: `U${i}`, entityId: "1AAAAAAAA", degradedName: `1AAAAAAAA-U${i}`, when: "in 7 days", serviceNick: "NickServ" },
    }).id;
  const urgentMail = (to: string, delayMs = 0) =>
    outbox.enqueue({ template: "account_verify", to, data: verify(), delayMs }).id;
  /** Mails in the rolling hour (sent or being sent), by class. */
  const inWindow = () => {
    const rows = db
      .prepare("SELECT priority FROM mail_outbox WHERE (status = 'sent' AND sent_at > ?) OR status = 'sending'")
      .all(clock.now() - HOUR) as { priority: number }[];
    return { total: rows.length, bulk: rows.filter((r) => r.priority === 1).length };
  };

  it("computes the bulk budget: share of per_hour rounded down, at least 1 unless the share is 0", () => {
    expect(bulkBudget({ per_hour: 100, bulk_share: 0.5 })).toBe(50);
    expect(bulkBudget({ per_hour: 10, bulk_share: 0.25 })).toBe(2);
    expect(bulkBudget({ per_hour: 1, bulk_share: 0.5 })).toBe(1);
    expect(bulkBudget({ per_hour: 7, bulk_share: 1 })).toBe(7);
    expect(bulkBudget({ per_hour: 100, bulk_share: 0 })).toBe(0);
  });

  it("stores the class: urgent by default, bulk when asked, also through the facade", () => {
    setUp();
    const service = new MailService(outbox, delivery, config);
    expect(outbox.get(urgentMail("tom@example.org"))?.priority).toBe("urgent");
    expect(outbox.get(bulkMail(1))?.priority).toBe("bulk");
    const viaFacade = service.queue("nick_expired", "ann@example.org", { account: "Ann", entityId: "1AAAAAAAB", degradedName: "1AAAAAAAB-Ann", serviceNick: "NickServ" }, { priority: "bulk" }).id;
    expect(outbox.get(viaFacade)?.priority).toBe("bulk");
    expect(() => outbox.enqueue({ template: "account_verify", to: "x@example.org", data: verify(), priority: "low" as never })).toThrow(/priority/);
  });

  it("serves urgent mail first, then by not_before and id; a delayed urgent mail does not hold bulk back", () => {
    setUp({ per_hour: 100, per_address_per_hour: 10 });
    const b1 = bulkMail(1);
    clock.advance(MINUTE);
    const b2 = bulkMail(2);
    const later = urgentMail("later@example.org", 10 * MINUTE);
    const u1 = urgentMail("u1@example.org", 0);
    clock.advance(MINUTE);
    const u2 = urgentMail("u2@example.org");
    expect(outbox.due(10).map((r) => r.id)).toEqual([u1, u2, b1, b2]);
    expect(outbox.due(3).map((r) => r.id)).toEqual([u1, u2, b1]);
    clock.advance(10 * MINUTE);
    expect(outbox.due(10).map((r) => r.id)).toEqual([u1, u2, later, b1, b2]);
  });

  it("an urgent mail queued after a bulk run still goes out within the hour, and bulk keeps to its share", async () => {
    setUp({ per_hour: 4, bulk_share: 0.5, per_address_per_hour: 10 });
    for (let i = 0; i < 50; i++) bulkMail(i);
    expect(await delivery.runOnce()).toMatchObject({ sent: 2 });
    expect(inWindow()).toEqual({ total: 2, bulk: 2 });
    clock.advance(10 * MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 0 }); // bulk is at its share; the rest is kept for urgent mail

    clock.advance(20 * MINUTE);
    const codes = [urgentMail("tom@example.org"), urgentMail("ann@example.org")];
    expect(await delivery.runOnce()).toMatchObject({ sent: 2 });
    expect(codes.map((id) => outbox.get(id)?.status)).toEqual(["sent", "sent"]);
    expect(sender.sent.slice(-2).map((m) => m.to)).toEqual(["tom@example.org", "ann@example.org"]);

    // The hour's budget is spent: a third urgent mail waits until the bulk mails leave the window.
    const third = urgentMail("bob@example.org");
    clock.advance(29 * MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 0 });
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 2 }); // two slots free: the urgent mail first, then one bulk
    expect(outbox.get(third)?.status).toBe("sent");
    expect(inWindow()).toEqual({ total: 4, bulk: 1 });
    expect(outbox.stats()).toMatchObject({ sent: 6, queued: 47 });
  });

  it("bulk never exceeds its share of any rolling hour", async () => {
    setUp({ per_hour: 10, bulk_share: 0.3, per_address_per_hour: 10 });
    for (let i = 0; i < 100; i++) bulkMail(i);
    let maxBulk = 0;
    for (let t = 0; t < 4 * 60; t += 5) {
      if (t % 15 === 0) urgentMail(`user${t}@example.org`);
      await delivery.runOnce();
      const w = inWindow();
      expect(w.total).toBeLessThanOrEqual(10);
      maxBulk = Math.max(maxBulk, w.bulk);
      clock.advance(5 * MINUTE);
    }
    expect(maxBulk).toBe(3);
    // Every urgent mail went out; bulk had 3 per hour over 4 hours.
    expect(outbox.stats()).toMatchObject({ sent: 16 + 12, queued: 100 - 12 });
  });

  it("bulk uses what is left of the hour when there is no urgent mail, and only that", async () => {
    setUp({ per_hour: 4, bulk_share: 1, per_address_per_hour: 10 });
    for (let i = 0; i < 10; i++) bulkMail(i);
    expect(await delivery.runOnce()).toMatchObject({ sent: 4 });
    expect(inWindow()).toEqual({ total: 4, bulk: 4 });

    // Urgent mail sent earlier in the hour leaves bulk only the remainder, even under its share.
    clock.advance(HOUR);
    urgentMail("a@example.org");
    urgentMail("b@example.org");
    urgentMail("c@example.org");
    expect(await delivery.runOnce()).toMatchObject({ sent: 4 });
    expect(inWindow()).toEqual({ total: 4, bulk: 1 });
    expect(sender.sent.slice(-4).map((m) => m.to)).toEqual(["a@example.org", "b@example.org", "c@example.org", "bulk4@example.org"]);
  });

  it("a share of 0 holds bulk mail back and leaves urgent mail alone", async () => {
    setUp({ per_hour: 4, bulk_share: 0, per_address_per_hour: 10 });
    const bulk = bulkMail(1);
    const urgent = urgentMail("tom@example.org");
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(outbox.get(urgent)?.status).toBe("sent");
    expect(outbox.get(bulk)?.status).toBe("queued");
  });

  it("a bulk mail retried after a temporary failure stays bulk", async () => {
    setUp({ per_hour: 4, bulk_share: 0.5, per_address_per_hour: 10 });
    const id = bulkMail(1);
    sender.failures.push(smtpError(451));
    expect(await delivery.runOnce()).toMatchObject({ retried: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "queued", priority: "bulk" });
  });
});

describe("failures", () => {
  it("retries a 451 with exponential backoff and gives up after max_attempts", async () => {
    setUp({ max_attempts: 4, retry_base: MINUTE });
    const id = outbox.enqueue({ template: "account_verify", to: "bob@example.org", data: verify() }).id;
    sender.failures.push(smtpError(451), smtpError(451), smtpError(451), smtpError(451));

    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.get(id)).toMatchObject({ status: "queued", attempts: 1, notBefore: clock.now() + MINUTE });
    expect(outbox.get(id)?.lastError).toContain("451");

    clock.advance(MINUTE - 1);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(1);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.get(id)).toMatchObject({ attempts: 2, notBefore: clock.now() + 2 * MINUTE });

    clock.advance(2 * MINUTE);
    await delivery.runOnce();
    expect(outbox.get(id)).toMatchObject({ attempts: 3, notBefore: clock.now() + 4 * MINUTE });

    clock.advance(4 * MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "failed", attempts: 4 });
    expect(hooks.gaveUp).toEqual([["bob@example.org", expect.stringContaining("451")]]);
    expect(hooks.permanent).toEqual([]);
    expect(outbox.isFailingAddress("bob@example.org")).toBe(false);
  });

  it("delivers a mail that failed temporarily once the server accepts it", async () => {
    setUp();
    const id = outbox.enqueue({ template: "account_verify", to: "bob@example.org", data: verify() }).id;
    sender.failures.push(smtpError(451));
    await delivery.runOnce();
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("takes a 421 greeting as the server's failure: the mail waits without using an attempt", async () => {
    setUp();
    const id = outbox.enqueue({ template: "account_verify", to: "bob@example.org", data: verify() }).id;
    sender.failures.push(smtpError(421, "EPROTOCOL"));
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.get(id)).toMatchObject({ status: "queued", attempts: 0, lastError: expect.stringContaining("421") });
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "sent", attempts: 1, lastError: null });
  });

  it("caps the backoff at 6 hours", () => {
    expect(retryDelay(MINUTE, 1)).toBe(MINUTE);
    expect(retryDelay(MINUTE, 4)).toBe(8 * MINUTE);
    expect(retryDelay(MINUTE, 50)).toBe(6 * HOUR);
  });

  it("pauses after a connection error and retries it", async () => {
    setUp();
    const a = outbox.enqueue({ template: "account_verify", to: "a@example.org", data: verify() }).id;
    const b = outbox.enqueue({ template: "account_verify", to: "b@example.org", data: verify() }).id;
    sender.failures.push(connectionError());
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    // The second mail was not tried against a dead server, and nothing is tried during the pause.
    expect(outbox.get(b)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(outbox.get(a)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("an outage of the server loses and fails nothing: every mail waits, the loop backs off, opers are told once down and once back", async () => {
    setUp({ max_attempts: 2, retry_base: MINUTE });
    const down: [string, number, number][] = [];
    const back: number[] = [];
    hooks.onServerDown = (reply, since, waiting) => void down.push([reply, since, waiting]);
    hooks.onServerBack = (ms) => void back.push(ms);
    const ids = [1, 2, 3].map((n) => outbox.enqueue({ template: "account_verify", to: `u${n}@example.org`, data: verify(`OUT00${n}`) }).id);
    const start = clock.now();
    const pauses: number[] = [];
    // The server is down for 40 minutes; the loop runs every minute (each run tries at most once).
    for (let minute = 0; minute < 40; minute++) {
      if (sender.failures.length === 0) sender.failures.push(connectionError());
      const report = await delivery.runOnce();
      if (report.retried > 0) pauses.push(clock.now() - start);
      clock.advance(MINUTE);
    }
    sender.failures.length = 0;
    // Attempts at 0, 1, 3, 7, 15, then every 15 minutes: doubling from retry_base, capped.
    expect(pauses.slice(0, 6).map((ms) => ms / MINUTE)).toEqual([0, 1, 3, 7, 15, 30]);
    for (const id of ids) expect(outbox.get(id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(hooks.gaveUp).toEqual([]);
    expect(down).toEqual([[expect.stringContaining("ECONNREFUSED"), start, 3]]);

    // Back: the next attempt after the pause sends everything, once.
    clock.advance(15 * MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 3, retried: 0, failed: 0 });
    expect(sender.sent.map((m) => m.text.match(/OUT00\d/)?.[0]).sort()).toEqual(["OUT001", "OUT002", "OUT003"]);
    expect(back).toHaveLength(1);
    clock.advance(HOUR);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.sent).toHaveLength(3);
    expect(down).toHaveLength(1);
  });

  it("does not tell opers about a short outage", async () => {
    setUp({ retry_base: MINUTE });
    const down: unknown[] = [];
    hooks.onServerDown = () => void down.push(1);
    outbox.enqueue({ template: "account_verify", to: "a@example.org", data: verify() });
    sender.failures.push(connectionError(), connectionError());
    await delivery.runOnce();
    clock.advance(MINUTE);
    await delivery.runOnce();
    clock.advance(2 * MINUTE);
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    expect(down).toEqual([]);
  });

  it("empties the data (codes, passwords) of a mail that fails for good", async () => {
    setUp({ max_attempts: 1 });
    const refused = outbox.enqueue({ template: "account_verify", to: "gone@example.org", data: verify("SCRUB1") }).id;
    const givenUp = outbox.enqueue({
      template: "channel_register_password",
      to: "slow@example.org",
      data: { channel: "#c", account: "C", password: "pw-SCRUB2", verifyWindow: "48h" },
    }).id;
    sender.failures.push(smtpError(550), smtpError(451));
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 2 });
    expect(outbox.get(refused)).toMatchObject({ status: "failed", data: {} });
    expect(outbox.get(givenUp)).toMatchObject({ status: "failed", data: {} });
    const stored = db.prepare("SELECT data FROM mail_outbox").all() as { data: string }[];
    expect(stored.map((r) => r.data).join("")).not.toMatch(/SCRUB/);
  });

  it("marks a 5xx refusal failed at once, records the address as failing and calls the hook", async () => {
    setUp();
    const id = outbox.enqueue({ template: "account_verify", to: "Gone@Example.org", data: verify() }).id;
    const next = outbox.enqueue({ template: "account_verify", to: "fine@example.org", data: verify() }).id;
    sender.failures.push(smtpError(550));
    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(outbox.get(next)?.status).toBe("sent");
    expect(outbox.isFailingAddress("gone@example.org")).toBe(true);
    expect(outbox.failingAddress("Gone@example.org")).toMatchObject({ firstFailedAt: clock.now(), reply: expect.stringContaining("550") });
    expect(hooks.permanent).toEqual([["Gone@example.org", expect.stringContaining("550")]]);
    expect(hooks.gaveUp).toEqual([]);

    // A later accepted mail to the address clears it.
    outbox.enqueue({ template: "account_verify", to: "gone@example.org", data: verify() });
    await delivery.runOnce();
    expect(outbox.isFailingAddress("gone@example.org")).toBe(false);
  });

  it("retries a 5xx that is about our login, not the address", () => {
    expect(classifySendError(smtpError(535, "EAUTH"))).toMatchObject({ temporary: true, smtpCode: 535 });
    expect(classifySendError(smtpError(550, "EMESSAGE"))).toMatchObject({ temporary: false });
    expect(classifySendError(connectionError())).toMatchObject({ temporary: true, connection: true, server: true, smtpCode: null });
    expect(classifySendError(smtpError(421, "EPROTOCOL"))).toMatchObject({ temporary: true, connection: false, server: true });
    expect(classifySendError(smtpError(451))).toMatchObject({ temporary: true, server: false });
    expect(classifySendError(new Error("boom"))).toMatchObject({ temporary: true, connection: false, server: false });
  });

  it("a hook that throws does not stop delivery", async () => {
    setUp();
    hooks.onPermanentFailure = () => {
      throw new Error("oper notice failed");
    };
    delivery = new MailDelivery(outbox, sender, clock, config, silentLogger(), hooks);
    outbox.enqueue({ template: "account_verify", to: "x@example.org", data: verify() });
    outbox.enqueue({ template: "account_verify", to: "y@example.org", data: verify() });
    sender.failures.push(smtpError(550));
    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 1 });
  });
});

describe("crash safety", () => {
  it("queues again at start-up the mails left sending by a crash", async () => {
    setUp();
    const id = outbox.enqueue({ template: "account_verify", to: "tom@example.org", data: verify() }).id;
    expect(outbox.markSending(id)).toBe(true); // the process died here
    expect(outbox.stats().sending).toBe(1);

    const restarted = new MailDelivery(new Outbox(db, clock, config), sender, clock, config, silentLogger(), hooks);
    expect(await restarted.runOnce()).toMatchObject({ sent: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("start() recovers sending rows before the first run", async () => {
    setUp();
    const id = outbox.enqueue({ template: "account_verify", to: "tom@example.org", data: verify() }).id;
    outbox.markSending(id);
    delivery.start(60_000);
    expect(outbox.get(id)?.status).toBe("queued");
    await delivery.stop();
  });

  it("never sends a sent mail again after a restart on the same database file", async () => {
    dir = mkdtempSync(join(tmpdir(), "custodian-mail-"));
    const path = join(dir, "services.db");
    setUp({}, path);
    const id = outbox.enqueue({ template: "account_verify", to: "tom@example.org", data: verify("ONCE01") }).id;
    expect(await delivery.runOnce()).toMatchObject({ sent: 1 });
    await delivery.stop();
    db.close();

    // A new process: new connection, outbox and delivery on the same file.
    db = openDatabase(path);
    migrate(db, defaultMigrationsDir());
    outbox = new Outbox(db, clock, config);
    const again = new FakeSender();
    delivery = new MailDelivery(outbox, again, clock, config, silentLogger(), hooks);
    delivery.start(60_000);
    clock.advance(2 * HOUR);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(again.sent).toEqual([]);
    expect(outbox.get(id)?.status).toBe("sent");
  });
});

describe("runs", () => {
  it("never overlap: a call during a run waits for it", async () => {
    setUp();
    let release!: () => void;
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: MailSender = {
      send: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((r) => (release = r));
        inFlight -= 1;
        return { messageId: "<slow@example.net>" };
      },
    };
    delivery = new MailDelivery(outbox, slow, clock, config, silentLogger(), hooks);
    outbox.enqueue({ template: "account_verify", to: "a@example.org", data: verify() });
    const first = delivery.runOnce();
    outbox.enqueue({ template: "account_verify", to: "b@example.org", data: verify() });
    const second = delivery.runOnce();
    const third = delivery.runOnce();
    expect(third).toBe(second);
    await vi.waitFor(() => expect(inFlight).toBe(1));
    release();
    expect(await first).toMatchObject({ sent: 1 });
    await vi.waitFor(() => expect(inFlight).toBe(1));
    release();
    expect(await second).toMatchObject({ sent: 1 });
    expect(maxInFlight).toBe(1);
  });

  it("the facade sends at once by default, holds mail when asked, and kicks a started loop", async () => {
    setUp({ delay: 5 * MINUTE });
    const service = new MailService(outbox, delivery, config);
    const delayed = service.queue("account_verify", "tom@example.org", verify(), { ref: "acct:1", delayMs: 5 * MINUTE }).id;
    expect(outbox.get(delayed)).toMatchObject({ notBefore: clock.now() + 5 * MINUTE, ref: "acct:1" });
    service.start(60_000);
    const now = service.queue("password_reset", "tom@example.org", { account: "Tom", code: "R1", lifetime: "1 day" }).id;
    await vi.waitFor(() => expect(outbox.get(now)?.status).toBe("sent"));
    expect(outbox.get(delayed)?.status).toBe("queued");
    expect(service.cancel("acct:1")).toBe(1);
    await service.stop();
  });

  it("the facade refuses blacklisted addresses in checkAddress", () => {
    setUp({ blacklist: ["mailinator.com", "troll@example.org"] });
    const service = new MailService(outbox, delivery, config);
    expect(service.checkAddress("x@Mailinator.com")).toMatchObject({ ok: false });
    expect(service.checkAddress("troll+2@example.org")).toMatchObject({ ok: false });
    expect(service.checkAddress("Fine@Example.org")).toEqual({ ok: true, value: "Fine@example.org" });
  });

  it("the maintenance loop purges old finished mails", async () => {
    setUp();
    outbox.enqueue({ template: "account_verify", to: "tom@example.org", data: verify() });
    await delivery.runOnce();
    const loop = delivery.maintenanceLoop(30 * 24 * HOUR);
    expect(loop.run().changed).toBe(0);
    clock.advance(31 * 24 * HOUR);
    expect(loop.run()).toMatchObject({ changed: 1, details: { sent: 0 } });
  });
});

describe("logging", () => {
  it("logs the recipient domain and reply code, never the body, the code or the full address", async () => {
    setUp();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ level: "trace" }, stream);
    delivery = new MailDelivery(outbox, sender, clock, config, log, hooks);
    outbox.enqueue({ template: "account_verify", to: "secret.person@example.org", data: verify("SEKRIT1") });
    outbox.enqueue({ template: "account_verify", to: "other.person@example.org", data: verify("SEKRIT2") });
    outbox.enqueue({ template: "channel_register_password", to: "third.person@example.org", data: { channel: "#c", account: "C", password: "pw-SEKRIT3", verifyWindow: "48h" } });
    sender.failures.push(smtpError(451), smtpError(550));
    await delivery.runOnce();
    const all = lines.join("");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(all).toContain("example.org");
    expect(all).toContain('"smtpCode":451');
    expect(all).toContain('"smtpCode":550');
    expect(all).not.toMatch(/SEKRIT|secret\.person|other\.person|third\.person|bob@/);
  });
});
