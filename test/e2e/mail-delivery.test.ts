/**
 * The mail pipeline against a real SMTP server (smtp-server, in-process) through nodemailer's
 * real SMTP transport, and the file transport on a real directory. Time rules use a ManualClock;
 * the network is real.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import type { Database } from "../../src/db/connection.js";
import { createMailService, type MailService } from "../../src/services/mail/index.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { startSmtp, type SmtpSink } from "./harness/smtp.js";
import { HOUR, MINUTE, memoryDb } from "../support.js";

let sink: SmtpSink;
let db: Database;
let clock: ManualClock;
let mail: MailService | undefined;
let dir: string | undefined;
let permanent: [string, string][];
let gaveUp: [string, string][];

const config = (over: Partial<Config["mail"]> = {}): Config["mail"] => ({
  from: "services@custodian.test",
  transport: "smtp",
  smtp_url: `smtp://127.0.0.1:${sink.port}`,
  dir: "data/mail",
  network_name: "TestNet",
  contact: "staff@custodian.test",
  url: "https://custodian.test/",
  blacklist: [],
  delay: 0,
  per_address_per_hour: 5,
  per_hour: 100,
  bulk_share: 0.5,
  retry_base: MINUTE,
  max_attempts: 6,
  ...over,
});

const build = (over: Partial<Config["mail"]> = {}): MailService => {
  mail = createMailService({
    db,
    clock,
    config: config(over),
    log: silentLogger(),
    hooks: {
      onPermanentFailure: (a, r) => void permanent.push([a, r]),
      onGiveUp: (a, r) => void gaveUp.push([a, r]),
    },
  });
  return mail;
};

beforeEach(async () => {
  sink = await startSmtp();
  db = memoryDb();
  clock = new ManualClock();
  permanent = [];
  gaveUp = [];
  mail = undefined;
  dir = undefined;
});

afterEach(async () => {
  await mail?.stop();
  await sink.stop();
  db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("mail delivery over SMTP", () => {
  it("delivers a queued mail that the server accepts, with the code, From, Date and Message-ID", async () => {
    const { outbox, delivery } = build();
    const id = mail!.queue("account_verify", "Tom@Example.ORG", { account: "Tom", code: "Q7K2M9", verifyWindow: "24 hours" }, { delayMs: 0 }).id;

    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const msg = await sink.waitFor((m) => m.subject.includes("verify your account Tom"));
    expect(msg.to).toEqual(["Tom@example.org"]);
    expect(msg.from).toBe("services@custodian.test");
    expect(msg.subject).toBe("TestNet: verify your account Tom");
    expect(msg.text).toContain("/msg NickServ VERIFY REGISTER Tom Q7K2M9");
    expect(msg.text).toContain("staff@custodian.test");

    const parsed = await simpleParser(msg.raw);
    const row = outbox.get(id)!;
    expect(row).toMatchObject({ status: "sent", sentAt: clock.now(), attempts: 1 });
    expect(row.messageId).toMatch(/^<.+@custodian\.test>$/);
    expect(parsed.messageId).toBe(row.messageId);
    expect(parsed.date).toBeInstanceOf(Date);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
  });

  it("retries while the server is down and delivers exactly once after it comes back", async () => {
    const { outbox, delivery } = build();
    await sink.stop();
    const id = mail!.queue("password_reset", "bob@example.org", { account: "Bob", code: "RS55TT", lifetime: "1 day" }).id;

    // The server's outage is not the mail's fault: it waits without using its attempts.
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.get(id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(outbox.get(id)?.lastError).toMatch(/ECONNREFUSED|connect/i);

    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.get(id)).toMatchObject({ status: "queued", attempts: 0 });

    await sink.restart();
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 }); // the loop still backs off
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    clock.advance(HOUR);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });

    const msg = await sink.waitFor((m) => m.text.includes("RS55TT"));
    expect(msg.text).toContain("/msg NickServ RESETPASS Bob RS55TT <newpassword>");
    expect(sink.messages.filter((m) => m.text.includes("RS55TT"))).toHaveLength(1);
    expect(outbox.get(id)).toMatchObject({ status: "sent", attempts: 1 });
    expect(gaveUp).toEqual([]);
  });

  it("retries a greylisting 451 and delivers once the server accepts", async () => {
    const { outbox, delivery } = build();
    sink.setMode("tempfail");
    const id = mail!.queue("channel_verify_code", "owner@example.org", { channel: "#widgets", account: "Owner", code: "CV0001", verifyWindow: "48 hours" }).id;
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(outbox.get(id)?.lastError).toContain("451");
    sink.setMode("accept");
    clock.advance(MINUTE);
    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await sink.waitFor((m) => m.text.includes("CV0001"))).text).toContain("/msg X2 VERIFY #widgets CV0001");
  });

  it("marks a mail failed and its address failing when the server answers 550", async () => {
    const { outbox, delivery } = build();
    sink.setMode("permfail");
    const id = mail!.queue("account_verify", "nobody@example.org", { account: "Nobody", code: "PF0001", verifyWindow: "24 hours" }).id;
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(outbox.get(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(outbox.get(id)?.lastError).toContain("550");
    expect(outbox.isFailingAddress("nobody@example.org")).toBe(true);
    expect(permanent).toEqual([["nobody@example.org", expect.stringContaining("550")]]);
    clock.advance(HOUR);
    expect(await delivery.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sink.messages).toHaveLength(0);
  });

  it("the started loop delivers a queued mail by itself", async () => {
    const { outbox } = build();
    mail!.start(50);
    const id = mail!.queue("channel_rejected", "owner@example.org", { channel: "#nope", reason: "name in use by a project" }, { ref: "chanreg:9" }).id;
    const msg = await sink.waitFor((m) => m.subject.includes("#nope"));
    expect(msg.text).toContain("name in use by a project");
    await mail!.stop();
    expect(outbox.get(id)?.status).toBe("sent");
  });
});

describe("file mail transport", () => {
  it("writes each mail as a readable .eml file, atomically", async () => {
    dir = mkdtempSync(join(tmpdir(), "custodian-mail-"));
    const out = join(dir, "nested", "mail");
    const { outbox, delivery } = build({ transport: "file", smtp_url: "", dir: out });
    const id = mail!.queue("account_deletion_confirm", "tom@example.org", { account: "Tom", code: "DL0042", lifetime: "24h" }).id;

    expect(await delivery.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^\\d{8}T\\d{9}Z-${id}\\.eml$`));

    const parsed = await simpleParser(readFileSync(join(out, files[0]!)));
    expect(parsed.subject).toBe("TestNet: confirm the deletion of Tom");
    expect(parsed.text).toContain("/msg NickServ DROP Tom <password> DL0042");
    expect(parsed.messageId).toBe(outbox.get(id)?.messageId);
    expect(parsed.date).toBeInstanceOf(Date);
    const from = Array.isArray(parsed.from) ? parsed.from[0] : parsed.from;
    expect(from?.value[0]?.address).toBe("services@custodian.test");
    expect(from?.value[0]?.name).toBe("TestNet");
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value[0]?.address).toBe("tom@example.org");
  });
});
