import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSmtp, type SmtpSink } from "./smtp.js";

let sink: SmtpSink;

beforeEach(async () => {
  sink = await startSmtp();
});

afterEach(async () => {
  await sink.stop();
});

const transport = () =>
  nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });

const send = (subject: string, to = "alice@example.test") =>
  transport().sendMail({ from: "custodian@sandbox.test", to, subject, text: `body of ${subject}\n` });

describe("smtp sink", () => {
  it("collects a message sent with nodemailer", async () => {
    const waiting = sink.waitFor((m) => m.subject === "hello");
    await send("hello");
    const msg = await waiting;
    expect(msg.from).toBe("custodian@sandbox.test");
    expect(msg.to).toEqual(["alice@example.test"]);
    expect(msg.text.trim()).toBe("body of hello");
    expect(msg.raw).toContain("Subject: hello");
    expect(sink.messages).toHaveLength(1);
    // A message that already arrived is found too.
    await expect(sink.waitFor((m) => m.to.includes("alice@example.test"))).resolves.toBe(msg);
  });

  it("answers 451 in tempfail mode, then delivers once accepting again", async () => {
    sink.setMode("tempfail");
    await expect(send("first try")).rejects.toMatchObject({ responseCode: 451 });
    expect(sink.messages).toHaveLength(0);
    expect(sink.rejected).toBe(1);

    sink.setMode("tempfail", "data");
    await expect(send("second try")).rejects.toMatchObject({ responseCode: 451 });
    expect(sink.messages).toHaveLength(0);

    sink.setMode("accept");
    await send("third try");
    expect((await sink.waitFor((m) => m.subject === "third try")).to).toEqual(["alice@example.test"]);
    expect(sink.messages).toHaveLength(1);
  });

  it("answers 550 in permfail mode", async () => {
    sink.setMode("permfail");
    await expect(send("nope")).rejects.toMatchObject({ responseCode: 550 });
  });

  it("refuses connections while stopped and accepts again on the same port after restart", async () => {
    const port = sink.port;
    await sink.stop();
    await expect(send("while down")).rejects.toMatchObject({ code: "ESOCKET" });
    await sink.restart();
    expect(sink.port).toBe(port);
    await send("after restart");
    await sink.waitFor((m) => m.subject === "after restart");
  });

  it("times out with a description of what it got", async () => {
    await expect(sink.waitFor(() => false, 50)).rejects.toThrow(/no matching message within 50 ms/);
  });
});
