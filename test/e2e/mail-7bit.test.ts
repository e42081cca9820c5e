/**
 * RFC 6152: a server that does not offer 8BITMIME must receive 7-bit data. The templates are
 * ASCII, but names, the network's name and reasons typed by staff need not be. Through the real
 * outbox, delivery loop and nodemailer SMTP transport to an smtp-server that hides 8BITMIME: the
 * raw message received is 7-bit and decodes to the original text.
 */
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import type { Database } from "../../src/db/connection.js";
import { createMailService, type MailService } from "../../src/services/mail/index.js";
import { ManualClock } from "../../src/util/clock.js";
import { silentLogger } from "../../src/util/logger.js";
import { startSmtp, type SmtpSink } from "./harness/smtp.js";
import { MINUTE, memoryDb } from "../support.js";

// eslint-disable-next-line no-control-regex
const SEVEN_BIT = /^[\x00-\x7f]*$/;

let sink: SmtpSink;
let db: Database;
let mail: MailService | undefined;

const config = (sinkPort: number, over: Partial<Config["mail"]> = {}): Config["mail"] => ({
  from: "services@custodian.test",
  transport: "smtp",
  smtp_url: `smtp://127.0.0.1:${sinkPort}`,
  dir: "data/mail",
  network_name: "Réseau Café",
  contact: "équipe@custodian.test",
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

const build = (over: Partial<Config["mail"]> = {}): MailService =>
  (mail = createMailService({ db, clock: new ManualClock(), config: config(sink.port, over), log: silentLogger(), hooks: { onPermanentFailure: () => {}, onGiveUp: () => {} } }));

beforeEach(async () => {
  sink = await startSmtp({ hide8BitMime: true });
  db = memoryDb();
  mail = undefined;
});

afterEach(async () => {
  await mail?.stop();
  await sink.stop();
  db.close();
});

describe("mail to a server without 8BITMIME", () => {
  it("sends non-ASCII text 7-bit (quoted-printable, encoded words) that decodes to the original", async () => {
    build();
    const reason = "Le nom #café est déjà pris — désolé, voyez «Zoë»";
    const id = mail!.queue("channel_rejected", "zoe@example.org", { channel: "#café", reason }).id;
    expect(await mail!.delivery.runOnce()).toMatchObject({ sent: 1, failed: 0 });
    expect(mail!.outbox.get(id)?.status).toBe("sent");

    const [received] = sink.messages;
    expect(received).toBeDefined();
    expect(received!.bodyParameter).toBeNull();
    expect(received!.raw).toMatch(SEVEN_BIT);
    expect(received!.raw).toMatch(/\r\nContent-Transfer-Encoding: quoted-printable\r\n/);

    const parsed = await simpleParser(received!.raw);
    expect(parsed.subject).toContain("Réseau Café");
    expect(parsed.subject).toContain("#café");
    expect(parsed.from?.value[0]).toMatchObject({ name: "Réseau Café", address: "services@custodian.test" });
    expect(parsed.text).toContain(`Reason: ${reason}\n`);
    expect(parsed.text).toContain("équipe@custodian.test");
    expect(parsed.messageId).toBe(mail!.outbox.get(id)?.messageId);
  });

  it("still sends an ASCII body as readable 7bit text", async () => {
    build({ network_name: "TestNet", contact: "staff@custodian.test" });
    mail!.queue("account_verify", "tom@example.org", { account: "Tom", code: "Q7K2M9", verifyWindow: "24 hours" });
    expect(await mail!.delivery.runOnce()).toMatchObject({ sent: 1 });
    const [received] = sink.messages;
    expect(received!.raw).toMatch(SEVEN_BIT);
    expect(received!.raw).toMatch(/\r\nContent-Transfer-Encoding: 7bit\r\n/);
    expect(received!.raw).toContain("/msg NickServ VERIFY REGISTER Tom Q7K2M9");
  });
});
