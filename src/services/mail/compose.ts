/**
 * The raw text of an outgoing mail, written to be read as is: a plain-text UTF-8 body sent
 * "7bit" (ASCII) or, where the caller allows it, "8bit" (anything else), never quoted-printable
 * or base64, so that `cat` on a sandbox .eml file shows the text and a mail client shows it
 * unchanged. nodemailer's composer always re-encodes text with long lines or non-ASCII
 * characters, so the body is written here; the headers (RFC 2047 words for a non-ASCII subject or
 * sender name, Date, Message-ID) are still nodemailer's, and always ASCII. A body this module
 * cannot write (a line longer than SMTP allows, 998 octets, or 8-bit text where 8 bits are not
 * allowed) is left to nodemailer's encoder.
 */
import MimeNode from "nodemailer/lib/mime-node/index.js";

/** Longest line SMTP allows, without its CRLF (RFC 5321 4.5.3.1.6). */
const MAX_LINE_OCTETS = 998;

export interface ComposedMail {
  /** Headers and body, lines ending in CRLF. */
  raw: string;
  messageId: string;
}

export interface MailParts {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * The mail as raw text, or null when it must be encoded: a line is too long to send unencoded,
 * or the body has 8-bit text and `allowEightBit` is false (SMTP: a server that does not offer
 * 8BITMIME must receive 7-bit data, RFC 6152).
 */
export function composeReadable(m: MailParts, { allowEightBit }: { allowEightBit: boolean }): ComposedMail | null {
  const lines = m.text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.some((line) => Buffer.byteLength(line, "utf8") > MAX_LINE_OCTETS)) return null;
  // eslint-disable-next-line no-control-regex
  const eightBit = /[^\x00-\x7f]/.test(m.text);
  if (eightBit && !allowEightBit) return null;
  const node = new MimeNode("text/plain; charset=utf-8");
  // An address object, as nodemailer's own composer passes it (the typings know only strings):
  // the name is quoted or encoded as needed.
  node.setHeader("From", m.from as unknown as string);
  node.setHeader("To", m.to);
  node.setHeader("Subject", m.subject);
  for (const [key, value] of Object.entries(m.headers)) node.setHeader(key, value);
  // No content is given to the node, so it keeps this header as written.
  node.setHeader("Content-Transfer-Encoding", eightBit ? "8bit" : "7bit");
  const headers = node.buildHeaders();
  return { raw: `${headers}\r\n\r\n${lines.join("\r\n")}`, messageId: node.messageId() };
}
