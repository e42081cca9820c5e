/**
 * Mail is written to be read as is (issue 19): a UTF-8 plain-text body written 7bit or (in
 * files) 8bit, never quoted-printable, so `cat` on a sandbox .eml shows the text; mail readers
 * parse it back. Over SMTP 8-bit text is left to nodemailer's encoder (test/e2e/mail-7bit.test.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { composeReadable } from "../../src/services/mail/compose.js";
import { createFileSender } from "../../src/services/mail/transport.js";
import { silentLogger } from "../../src/util/logger.js";
import { testConfig } from "../support.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const EIGHT_BIT = { allowEightBit: true };

const LONG = "The channel stays unverified until you log in to that account. Within 48 hours, type this on IRC:";

describe("readable mail", () => {
  it("writes an ASCII body 7bit and a UTF-8 one 8bit, long lines unbroken, headers encoded", async () => {
    const ascii = composeReadable({ from: { name: "TestNet", address: "services@test.local" }, to: "tom@example.org", subject: "TestNet: hello", text: `Hello,\n\n${LONG}\n`, headers: { "Auto-Submitted": "auto-generated" } }, EIGHT_BIT)!;
    expect(ascii.raw).toMatch(/\r\nContent-Transfer-Encoding: 7bit\r\n/);
    expect(ascii.raw).toContain(`\r\n\r\nHello,\r\n\r\n${LONG}\r\n`);
    expect(ascii.raw).toMatch(/^From: TestNet <services@test\.local>\r\n/m);

    const text = "Bonjour,\n\nLe salon #café est à vous — merci.\n";
    const utf8 = composeReadable({ from: { name: "Réseau Sandbox", address: "services@test.local" }, to: "zoé@example.org", subject: "Réseau: #café", text, headers: {} }, EIGHT_BIT)!;
    expect(utf8.raw).toMatch(/\r\nContent-Transfer-Encoding: 8bit\r\n/);
    expect(utf8.raw).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    expect(utf8.raw).toContain("Le salon #café est à vous — merci.");
    expect(utf8.raw.slice(utf8.raw.indexOf("\r\n\r\n"))).not.toMatch(/=C3|=\r\n/);
    const parsed = await simpleParser(Buffer.from(utf8.raw, "utf8"));
    expect(parsed.subject).toBe("Réseau: #café");
    expect(parsed.from?.value[0]).toMatchObject({ name: "Réseau Sandbox", address: "services@test.local" });
    expect(parsed.text).toBe(text);
    expect(parsed.messageId).toBe(utf8.messageId);
  });

  it("leaves 8-bit text to the encoder where 8 bits are not allowed, and writes ASCII 7bit there", () => {
    const parts = { from: { name: "Réseau", address: "a@b.c" }, to: "t@e.org", subject: "Réseau", headers: {} };
    expect(composeReadable({ ...parts, text: "Le salon #café\n" }, { allowEightBit: false })).toBeNull();
    const ascii = composeReadable({ ...parts, text: "plain\n" }, { allowEightBit: false })!;
    expect(ascii.raw).toMatch(/\r\nContent-Transfer-Encoding: 7bit\r\n/);
    // eslint-disable-next-line no-control-regex
    expect(ascii.raw).toMatch(/^[\x00-\x7f]*$/);
  });

  it("leaves a body with a line too long for SMTP to the encoder", () => {
    expect(composeReadable({ from: { name: "N", address: "a@b.c" }, to: "t@e.org", subject: "s", text: "x".repeat(999), headers: {} }, EIGHT_BIT)).toBeNull();
    expect(composeReadable({ from: { name: "N", address: "a@b.c" }, to: "t@e.org", subject: "s", text: "é".repeat(500), headers: {} }, EIGHT_BIT)).toBeNull();
    expect(composeReadable({ from: { name: "N", address: "a@b.c" }, to: "t@e.org", subject: "s", text: "x".repeat(998), headers: {} }, EIGHT_BIT)).not.toBeNull();
  });

  it("writes .eml files a person can read with cat", async () => {
    const dir = mkdtempSync(join(tmpdir(), "custodian-mail-"));
    dirs.push(dir);
    const config = testConfig(`[mail]\ntransport = "file"\ndir = "${dir}"\nnetwork_name = "Sändbox"\n`);
    const sender = createFileSender(config.mail, silentLogger());
    const sent = await sender.send({ to: "tom@example.org", subject: "Sändbox: verify your account Tom", text: `Hello,\n\n${LONG}\n  /msg NickServ VERIFY REGISTER Tom ABC123\n`, id: 7 });
    const [file] = readdirSync(dir).filter((f) => f.endsWith(".eml"));
    const eml = readFileSync(join(dir, file!), "utf8");
    expect(eml).toContain(`\n\nHello,\n\n${LONG}\n  /msg NickServ VERIFY REGISTER Tom ABC123\n`);
    expect(eml).toMatch(/\nContent-Transfer-Encoding: 7bit\n/);
    expect(eml).toContain(`Message-ID: ${sent.messageId}`);
    expect(eml).not.toContain("quoted-printable");
    expect(eml).not.toContain("\r");
  });
});
