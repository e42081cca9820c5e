/**
 * Mail through faults, end to end: users register over a real InspIRCd while the real SMTP server
 * (smtp-server) is stopped, answers 4xx, or refuses with 5xx. Nothing acknowledged is lost, nothing
 * is sent twice, opers hear about outages and refusals, and a mail that failed for good keeps no
 * code. The delivery loop is run once at a time and the services' clock moved: no waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestClient } from "./harness/client.js";
import { connectOperWatcher, OPER_IRCD_CONF, type OperWatcher } from "./harness/oper.js";
import { startStack, type Stack } from "./harness/stack.js";

const MINUTE = 60_000;

describe("mail through SMTP faults", () => {
  let stack: Stack;
  let oper: OperWatcher;

  beforeAll(async () => {
    stack = await startStack({ ircdConf: OPER_IRCD_CONF, sections: { mail: 'delay = "0"\nmax_attempts = 10' } });
    oper = await connectOperWatcher(stack, "Watcher");
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const outbox = () => stack.app.mail.outbox;
  const rowsTo = (address: string) => outbox().pending().filter((r) => r.recipient === address);
  /** Moves the services' clock and runs the delivery loop once. */
  const timePasses = async (ms: number) => {
    stack.clock.advance(ms);
    return stack.deliverMail();
  };

  async function register(nick: string, address: string): Promise<TestClient> {
    const client = await stack.connect(nick);
    client.say("NickServ", `REGISTER ${nick.toLowerCase()}-pass-1 ${address}`);
    await client.waitNotice("NickServ", (t) => t.includes("is now registered"));
    return client;
  }

  async function verifyFromMail(client: TestClient, nick: string, address: string): Promise<void> {
    const mail = stack.smtp.messages.find((m) => m.to.includes(address));
    const code = mail && /VERIFY REGISTER \S+ ([A-Z2-9]{20})/.exec(mail.text)?.[1];
    if (!code) throw new Error(`no code mailed to ${address}`);
    client.say("NickServ", `VERIFY REGISTER ${nick} ${code}`);
    await client.waitNotice("NickServ", (t) => t === `You are now logged in as ${nick}.`);
  }

  const delivered = (address: string) => stack.smtp.messages.filter((m) => m.to.includes(address)).length;

  it("holds every mail while the SMTP server is down for many minutes, tells opers, and delivers each once when it is back", async () => {
    await stack.smtp.stop();
    const users = ["Downa", "Downb", "Downc"].map((nick) => ({ nick, address: `${nick.toLowerCase()}@example.org` }));
    const clients = await Promise.all(users.map((u) => register(u.nick, u.address)));
    await stack.deliverMail();

    // Twenty minutes of outage: nothing fails, no attempt is used up, the loop backs off.
    for (let minute = 0; minute < 20; minute++) {
      const report = await timePasses(MINUTE);
      expect(report).toMatchObject({ sent: 0, failed: 0 });
    }
    for (const u of users) expect(rowsTo(u.address)).toMatchObject([{ status: "queued", attempts: 0 }]);
    expect(stack.app.mail.outbox.stats().failed).toBe(0);
    await oper.waitSnotice((t) => t.includes("The mail server has been failing since") && t.includes("3 mail(s) wait"));

    await stack.smtp.restart();
    await timePasses(15 * MINUTE);
    for (const u of users) expect(delivered(u.address)).toBe(1);
    await oper.waitSnotice((t) => t.includes("The mail server accepts mail again"));
    for (let i = 0; i < users.length; i++) await verifyFromMail(clients[i] as TestClient, users[i]!.nick, users[i]!.address);

    // Nothing is sent a second time later.
    await timePasses(120 * MINUTE);
    for (const u of users) expect(delivered(u.address)).toBe(1);
  });

  it("retries with backoff while the server answers 451 for minutes and delivers once it accepts", async () => {
    stack.smtp.setMode("tempfail");
    const address = "greylisted@example.org";
    const client = await register("Greya", address);
    await stack.deliverMail();
    const started = stack.clock.now();
    let row = rowsTo(address)[0];
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: expect.stringContaining("451") });
    // Each attempt when the last one said (the stack's retry_base is 2 s).
    const waits: number[] = [];
    while (stack.clock.now() - started < 4 * MINUTE) {
      const due = (row?.notBefore ?? 0) - stack.clock.now();
      await timePasses(Math.max(0, due));
      const next = rowsTo(address)[0];
      expect(next).toMatchObject({ status: "queued", attempts: (row?.attempts ?? 0) + 1 });
      waits.push((next?.notBefore ?? 0) - (row?.notBefore ?? 0));
      row = next;
    }
    expect(waits.length).toBeGreaterThanOrEqual(5);
    // Attempt n+1 waits retry_base * 2^n after attempt n (plus the few real milliseconds the test takes).
    waits.forEach((wait, i) => {
      const backoff = 2_000 * 2 ** (i + 1);
      expect(wait).toBeGreaterThanOrEqual(backoff);
      expect(wait).toBeLessThan(backoff + 10_000);
    });
    expect(delivered(address)).toBe(0);

    stack.smtp.setMode("accept");
    await timePasses(Math.max(0, (row?.notBefore ?? 0) - stack.clock.now()));
    expect(delivered(address)).toBe(1);
    await verifyFromMail(client, "Greya", address);
    await timePasses(120 * MINUTE);
    expect(delivered(address)).toBe(1);
  });

  it("marks the address failing on a 550, tells opers, and keeps no code in the outbox", async () => {
    stack.smtp.setMode("permfail");
    const address = "nobody-home@example.org";
    await register("Gonea", address);
    const id = rowsTo(address)[0]?.id;
    await stack.deliverMail();
    stack.smtp.setMode("accept");
    expect(id).toBeDefined();
    const row = outbox().get(id as number);
    expect(row).toMatchObject({ status: "failed", attempts: 1, data: {} });
    expect(outbox().isFailingAddress(address)).toBe(true);
    await oper.waitSnotice((t) => t.includes(`Mail to ${address} was refused for good`) && t.includes("550"));
    expect(delivered(address)).toBe(0);
  });
});
