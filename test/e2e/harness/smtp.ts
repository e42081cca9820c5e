/**
 * An in-test SMTP sink: smtp-server on 127.0.0.1 (no TLS, no AUTH) collecting what it is sent,
 * parsed by mailparser. It can be told to fail temporarily (451) or permanently (550), and be
 * stopped and started again on the same port.
 */
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";

export interface Msg {
  /** The From header's address (the envelope sender when the header has none). */
  from: string;
  /** The envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  /** The message as received, headers and body. */
  raw: string;
  /** The BODY parameter of MAIL FROM ("8BITMIME" for an 8-bit body), or null. */
  bodyParameter: string | null;
}

export type SmtpMode = "accept" | "tempfail" | "permfail";

export interface SmtpSink {
  readonly port: number;
  /** Every message delivered so far, oldest first. */
  readonly messages: Msg[];
  /** How many RCPT/DATA commands were refused (tempfail or permfail). */
  readonly rejected: number;
  /** The first message (already collected or still to come) matching `pred`. */
  waitFor(pred: (m: Msg) => boolean, timeoutMs?: number): Promise<Msg>;
  /** tempfail answers 451, permfail 550; at RCPT TO by default, or at DATA. */
  setMode(mode: SmtpMode, at?: "rcpt" | "data"): void;
  stop(): Promise<void>;
  /** Closes and listens again on the same port (mail sent in between gets connection errors). */
  restart(): Promise<void>;
}

class SmtpError extends Error {
  constructor(
    message: string,
    public readonly responseCode: number,
  ) {
    super(message);
  }
}

const addressText = (a: AddressObject | AddressObject[] | undefined): string | undefined => {
  const first = Array.isArray(a) ? a[0] : a;
  return first?.value[0]?.address;
};

export interface SmtpOptions {
  /** Do not offer 8BITMIME in the EHLO reply (a server that takes 7-bit data only, RFC 6152). */
  hide8BitMime?: boolean;
}

export async function startSmtp(options: SmtpOptions = {}): Promise<SmtpSink> {
  const messages: Msg[] = [];
  const waiters = new Set<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }>();
  let mode: SmtpMode = "accept";
  let failAt: "rcpt" | "data" = "rcpt";
  let rejected = 0;
  let port = 0;
  let server: SMTPServer | undefined;

  const refusal = (): SmtpError | null => {
    if (mode === "accept") return null;
    rejected += 1;
    return mode === "tempfail"
      ? new SmtpError("Temporary failure, try again later (test sink)", 451)
      : new SmtpError("Mailbox unavailable (test sink)", 550);
  };

  const deliver = (msg: Msg): void => {
    messages.push(msg);
    for (const w of [...waiters]) {
      if (w.pred(msg)) {
        waiters.delete(w);
        w.resolve(msg);
      }
    }
  };

  const create = (): SMTPServer =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      hide8BITMIME: options.hide8BitMime ?? false,
      logger: false,
      closeTimeout: 500,
      onRcptTo(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
        callback(failAt === "rcpt" ? refusal() : null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", (err) => callback(err));
        stream.on("end", () => {
          const err = failAt === "data" ? refusal() : null;
          if (err) {
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString("utf8");
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          const to = session.envelope.rcptTo.map((r) => r.address);
          const args = session.envelope.mailFrom ? (session.envelope.mailFrom.args as Record<string, string> | false) : false;
          const bodyParameter = args && typeof args.BODY === "string" ? args.BODY : null;
          simpleParser(raw)
            .then((parsed) => {
              deliver({
                from: addressText(parsed.from) ?? envelopeFrom,
                to,
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                raw,
                bodyParameter,
              });
              callback(null);
            })
            .catch((e: unknown) => callback(e instanceof Error ? e : new Error(String(e))));
        });
      },
    });

  const listen = (onPort: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const srv = create();
      srv.on("error", (err) => {
        if (!server) reject(err);
      });
      const net = srv.listen(onPort, "127.0.0.1", () => {
        const addr = net.address();
        if (addr === null || typeof addr === "string") {
          reject(new Error("smtp sink: could not read its port"));
          return;
        }
        server = srv;
        resolve(addr.port);
      });
    });

  const stop = async (): Promise<void> => {
    const srv = server;
    server = undefined;
    if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  };

  port = await listen(0);

  return {
    get port() {
      return port;
    },
    messages,
    get rejected() {
      return rejected;
    },
    waitFor(pred, timeoutMs = 10_000) {
      const found = messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<Msg>((resolve, reject) => {
        const waiter = {
          pred,
          resolve: (m: Msg) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `smtp sink: no matching message within ${timeoutMs} ms; got ${messages.length}: ` +
                JSON.stringify(messages.map((m) => ({ to: m.to, subject: m.subject }))),
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    setMode(next, at = "rcpt") {
      mode = next;
      failAt = at;
    },
    stop,
    async restart() {
      await stop();
      port = await listen(port);
    },
  };
}
