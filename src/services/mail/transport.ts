/**
 * Hands a rendered mail to nodemailer: over SMTP (mail.smtp_url) or into a directory of .eml
 * files (mail.transport = "file", for sandboxes and tests).
 *
 * Every mail has From (mail.from, with the network name), To, Subject, Date, a Message-ID made
 * by nodemailer (returned so the outbox can record it), Auto-Submitted and a plain-text UTF-8
 * body, written readable (compose.ts) wherever the lines allow it: 7bit when ASCII. A body with
 * non-ASCII text (a user's or the network's name) is written 8bit in a file, but sent over SMTP
 * quoted-printable: the transport cannot know before it connects whether the server offers
 * 8BITMIME, and 8-bit data to one that does not breaks RFC 6152. Headers are always ASCII.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type StreamTransport from "nodemailer/lib/stream-transport/index.js";
import type { Config } from "../../config/schema.js";
import type { Logger } from "../../util/logger.js";
import { singleLine } from "../../util/text.js";
import { emailDomain } from "./address.js";
import type { composeReadable } from "./compose.js";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The outbox row id; names the .eml file of the file transport. */
  id?: number;
}

/** Sends one mail; resolves once the server accepted it, rejects with nodemailer's error. */
export interface MailSender {
  send(m: OutgoingMail): Promise<{ messageId: string }>;
  /** Releases the transport (no-op for the file transport). */
  close?(): void;
}

type MailSettings = Config["mail"];

/**
 * nodemailer is loaded when the first mail is sent, not at start-up: it is a large module, and
 * services must be on the network before anything is mailed.
 */
function lazily<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = null;
      throw error;
    });
    return made;
  };
}

/** SMTP connection, greeting and socket timeouts. */
export const SMTP_TIMEOUT_MS = 10_000;

/** The mail composer (it loads nodemailer's MIME modules), loaded with the first mail too. */
const composer = lazily(async () => (await import("./compose.js")).composeReadable);

/**
 * What nodemailer is given: the raw readable mail with its envelope, or the parts for its encoder
 * (quoted-printable) when the body cannot be written readable (a line too long, or 8-bit text
 * where `allowEightBit` is false).
 */
function message(config: MailSettings, m: OutgoingMail, compose: typeof composeReadable, allowEightBit: boolean) {
  const from = { name: singleLine(config.network_name), address: config.from };
  const headers = { "Auto-Submitted": "auto-generated" };
  const safety = { disableFileAccess: true, disableUrlAccess: true };
  const readable = compose({ from, to: m.to, subject: m.subject, text: m.text, headers }, { allowEightBit });
  if (readable) {
    return { raw: readable.raw, envelope: { from: config.from, to: [m.to] }, messageId: readable.messageId, ...safety };
  }
  return { from, to: m.to, subject: m.subject, text: m.text, headers, textEncoding: "quoted-printable" as const, ...safety };
}

/** The Message-ID of what was sent: the one written into a raw mail, else nodemailer's. */
const sentId = (sent: ReturnType<typeof message>, info: { messageId: string }): string => ("raw" in sent ? sent.messageId : info.messageId);

/** An SMTP sender: one connection per mail (no pool), 10-second timeouts. */
export function createSmtpSender(config: MailSettings, log: Logger): MailSender {
  if (!config.smtp_url) throw new Error('mail.smtp_url is required when mail.transport = "smtp"');
  let made: Transporter<SMTPTransport.SentMessageInfo> | null = null;
  const transport = lazily(async () => {
    const [{ default: nodemailer }, { default: SmtpTransport }] = await Promise.all([
      import("nodemailer"),
      import("nodemailer/lib/smtp-transport/index.js"),
    ]);
    // SMTPTransport (not SMTPPool): one connection per mail, closed after it. Built directly so
    // that the URL's settings and these timeouts are both applied.
    made = nodemailer.createTransport(
      new SmtpTransport({
        url: config.smtp_url,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
    );
    return made;
  });
  return {
    async send(m) {
      const sent = message(config, m, await composer(), false);
      const info = await (await transport()).sendMail(sent);
      log.debug({ id: m.id, domain: emailDomain(m.to), response: info.response }, "mail accepted by the SMTP server");
      return { messageId: sentId(sent, info) };
    },
    close() {
      made?.close();
    },
  };
}

/** Compact UTC time for file names: 20260101T000000123Z. */
const stamp = (d: Date): string => d.toISOString().replace(/[-:.]/g, "");

/**
 * A sender that writes each mail as `<dir>/<timestamp>-<id>.eml`, atomically (a temporary
 * name, then a rename), creating the directory when needed.
 */
export function createFileSender(config: MailSettings, log: Logger): MailSender {
  const transport = lazily(async () => {
    const { default: nodemailer } = await import("nodemailer");
    return nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  });
  const dir = config.dir;
  return {
    async send(m) {
      const sent = message(config, m, await composer(), true);
      const info: StreamTransport.SentMessageInfo = await (await transport()).sendMail(sent);
      if (!Buffer.isBuffer(info.message)) throw new Error("file mail transport: expected a buffered message");
      // Files get Unix line ends (nodemailer's newline option does not touch a raw message).
      const body = Buffer.from(info.message.toString("utf8").replace(/\r\n/g, "\n"), "utf8");
      await mkdir(dir, { recursive: true });
      const name = `${stamp(new Date())}-${m.id ?? randomBytes(6).toString("hex")}.eml`;
      const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      try {
        await writeFile(tmp, body, { mode: 0o600 });
        await rename(tmp, join(dir, name));
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      log.debug({ id: m.id, domain: emailDomain(m.to), file: name }, "mail written to file");
      return { messageId: sentId(sent, info) };
    },
  };
}

/**
 * The sender mail.transport names. It follows the settings it is given: after a reload that
 * changes the transport, the SMTP server or the directory, the next mail goes the new way (the
 * old transport is closed).
 */
export function createSender(config: MailSettings, log: Logger): MailSender {
  let current: MailSender | null = null;
  let builtFor = "";
  const sender = (): MailSender => {
    const settings = JSON.stringify([config.transport, config.smtp_url, config.dir]);
    if (current === null || settings !== builtFor) {
      current?.close?.();
      current = config.transport === "smtp" ? createSmtpSender(config, log) : createFileSender(config, log);
      builtFor = settings;
    }
    return current;
  };
  sender();
  return {
    send: (m) => sender().send(m),
    close: () => current?.close?.(),
  };
}
