/**
 * Metrics and health over HTTP (issue 14): a real network, scraped with fetch like Prometheus
 * would, before and after commands, logins, mail and maintenance runs; /healthz while the ircd
 * is stopped, hangs, and comes back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/sandbox/inspircd.js";
import { eventually, startStack, type Stack } from "./harness/stack.js";

/** The samples of a Prometheus text exposition: `name{a="b",c="d"}` -> value. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ""}`, Number(match[3]));
  }
  return samples;
}

async function scrape(port: number): Promise<{ text: string; samples: Map<string, number> }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return { text, samples: parseExposition(text) };
}

async function health(port: number): Promise<{ status: number; body: { status: string; link: string; database: string } }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; link: string; database: string } };
}

describe("metrics", () => {
  let stack: Stack;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    stack = await startStack({
      sections: { mail: 'delay = "0"', flood: "messages = 40" },
      extraToml: `[metrics]\nlisten = "127.0.0.1:${port}"\n`,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("counts commands, logins, mail and maintenance runs as they happen", async () => {
    const before = (await scrape(port)).samples;
    const delta = (series: string): number => (after.get(series) ?? 0) - (before.get(series) ?? 0);
    let after = before;

    const user = await stack.connect("Metra");
    user.say("NickServ", "HELP");
    await user.waitNotice("NickServ", (t) => t.includes("End of Help"));
    user.say("X2", "FROBNICATE");
    await user.waitNotice("X2", (t) => t.startsWith("Unknown command FROBNICATE"));
    user.say("NickServ", "REGISTER metra-pass-1 metra@example.org");
    await user.waitNotice("NickServ", (t) => t.includes("is now registered"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes("metra@example.org"), 10_000);
    const code = /VERIFY REGISTER \S+ (\S+)/.exec(mail.text)?.[1];
    user.say("NickServ", `VERIFY REGISTER Metra ${code}`);
    await user.waitNotice("NickServ", (t) => t === "Metra is now verified.");

    const other = await stack.connect("MetraId");
    other.say("NickServ", "IDENTIFY Metra not-the-password");
    await other.waitNotice("NickServ", (t) => t.startsWith("Invalid password"));
    other.say("NickServ", "IDENTIFY Metra metra-pass-1");
    await other.waitNotice("NickServ", (t) => t === "You are now logged in as Metra.");

    const good = await stack.connect("MetraSasl", { sasl: { account: "Metra", password: "metra-pass-1" } });
    expect(good.saslFailure).toBeNull();
    const bad = await stack.connect("MetraBad", { sasl: { account: "Metra", password: "wrong-password" } });
    expect(bad.saslFailure).toBe("fail");
    await stack.advance(1000);

    after = (await scrape(port)).samples;
    expect(delta('custodian_commands_total{service="nickserv",command="HELP",outcome="help"}')).toBe(1);
    expect(delta('custodian_commands_total{service="x2",command="(none)",outcome="unknown"}')).toBe(1);
    expect(delta('custodian_commands_total{service="nickserv",command="REGISTER",outcome="ok"}')).toBe(1);
    expect(delta('custodian_commands_total{service="nickserv",command="VERIFY REGISTER",outcome="ok"}')).toBe(1);
    expect(delta('custodian_command_duration_seconds_count{service="nickserv"}')).toBe(5);
    expect(delta('custodian_logins_total{method="IDENTIFY",outcome="success"}')).toBe(1);
    expect(delta('custodian_logins_total{method="IDENTIFY",outcome="bad-password"}')).toBe(1);
    expect(delta('custodian_command_duration_seconds_count{service="x2"}')).toBe(1);
    expect(delta('custodian_logins_total{method="SASL PLAIN",outcome="success"}')).toBe(1);
    expect(delta('custodian_logins_total{method="SASL PLAIN",outcome="bad-password"}')).toBe(1);
    expect(delta("custodian_mail_sent_total")).toBe(1);
    expect(delta('custodian_loop_runs_total{loop="mail",outcome="ok"}')).toBe(1);
    expect(after.get("custodian_link_up")).toBe(1);
    expect(after.get('custodian_outbox_pending{priority="urgent"}')).toBe(0);
    expect(after.get('custodian_outbox_pending{priority="bulk"}')).toBe(0);
    expect(after.get("custodian_review_pending")).toBe(0);
    expect(after.get('custodian_breaker_tripped{loop="mail"}')).toBe(0);
    // prom-client's default process metrics.
    expect(after.get("process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(after.has("nodejs_eventloop_lag_seconds")).toBe(true);
  });

  it("declares every metric, including those with nothing counted yet", async () => {
    const { text } = await scrape(port);
    for (const [name, type] of [
      ["custodian_commands_total", "counter"],
      ["custodian_command_duration_seconds", "histogram"],
      ["custodian_logins_total", "counter"],
      ["custodian_outbox_pending", "gauge"],
      ["custodian_mail_sent_total", "counter"],
      ["custodian_mail_failed_total", "counter"],
      ["custodian_link_up", "gauge"],
      ["custodian_loop_runs_total", "counter"],
      ["custodian_breaker_tripped", "gauge"],
      ["custodian_review_pending", "gauge"],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
    }
  });

  it("counts failed mail by kind", async () => {
    const before = (await scrape(port)).samples;
    stack.smtp.setMode("permfail");
    try {
      const user = await stack.connect("Metrb");
      user.say("NickServ", "REGISTER metrb-pass-1 metrb@example.org");
      await user.waitNotice("NickServ", (t) => t.includes("is now registered"));
      const after = await eventually(async () => {
        const s = (await scrape(port)).samples;
        return (s.get('custodian_mail_failed_total{kind="permanent"}') ?? 0) > (before.get('custodian_mail_failed_total{kind="permanent"}') ?? 0) ? s : null;
      }, 10_000, "a permanent mail failure counted");
      expect(after.get("custodian_mail_sent_total")).toBe(before.get("custodian_mail_sent_total"));
    } finally {
      stack.smtp.setMode("accept");
    }
  });

  it("answers 404 elsewhere and 405 to other methods", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("/healthz turns 503 when InspIRCd is stopped and 200 when it is back", async () => {
    expect(await health(port)).toEqual({ status: 200, body: { status: "ok", link: "up", database: "ok" } });
    await stack.ircd.stop();
    const down = await eventually(async () => {
      const h = await health(port);
      return h.status === 503 ? h : null;
    }, 10_000, "healthz 503");
    expect(down.body).toEqual({ status: "unavailable", link: "down", database: "ok" });
    expect((await scrape(port)).samples.get("custodian_link_up")).toBe(0);

    await stack.ircd.restart();
    await eventually(async () => (await health(port)).status === 200, 20_000, "healthz 200 after the ircd is back");
    expect((await scrape(port)).samples.get("custodian_link_up")).toBe(1);
  });
});

describe("/healthz and an ircd that hangs", () => {
  let stack: Stack;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    stack = await startStack({
      sections: { uplink: 'ping_interval = "1s"\nping_timeout = "3s"' },
      extraToml: `[metrics]\nlisten = "127.0.0.1:${port}"\n`,
    });
  });

  afterAll(async () => {
    stack?.ircd.process.kill("SIGCONT");
    await stack?.stop();
  });

  it("turns 503 when the ircd stops answering without closing the connection, and 200 once it answers again", async () => {
    await eventually(async () => (await health(port)).status === 200, 10_000, "healthy at first");
    stack.ircd.process.kill("SIGSTOP");
    await eventually(async () => (await health(port)).status === 503, 15_000, "healthz 503 while the ircd hangs");
    stack.ircd.process.kill("SIGCONT");
    await eventually(async () => (await health(port)).status === 200, 30_000, "healthy again once the ircd answers");
  });
});
