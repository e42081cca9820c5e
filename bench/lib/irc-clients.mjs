/**
 * irc-framework clients for the benchmarks: connect many, send a command to a service and time
 * its whole reply (until the line that ends it), and poll a service until it first answers.
 * The same code drives every services package compared, so the client side is identical.
 */
import ircFramework from "irc-framework";

/** IRC formatting (bold, colour, ...) removed, for matching reply texts of any package. */
export const plain = (text) => text.replace(/[\x02\x0f\x16\x1d\x1f]|\x03\d{0,2}(,\d{1,2})?/g, "");

const lower = (s) => (s ?? "").toLowerCase();

/**
 * A client with one request in flight at a time: `ask(service, text, done)` sends the text and
 * resolves with the milliseconds until a NOTICE from `service` satisfied `done(text)` (which
 * returns "ok", "fail" or a falsy value for a line that does not end the reply).
 */
export function connectClient({ port, nick, host = "127.0.0.1", timeoutMs = 30_000 }) {
  const irc = new ircFramework.Client();
  let pending = null;
  /** Lines of replies that did not end a request (warnings, extra lines), by kind: for the report. */
  const stray = [];
  irc.on("notice", (e) => {
    const text = plain(e.message ?? "");
    if (pending && lower(e.nick) === pending.service) {
      const verdict = pending.done(text);
      if (verdict) {
        const p = pending;
        pending = null;
        clearTimeout(p.timer);
        p.resolve({ ms: performance.now() - p.started, ok: verdict === "ok", text });
        return;
      }
    }
    if (stray.length < 20) stray.push(text);
  });
  const client = {
    irc,
    get nick() {
      return irc.user?.nick ?? nick;
    },
    stray,
    /** Sends `text` to `service` and resolves when its reply ends: { ms, ok, text }. */
    ask(service, text, done, askTimeoutMs = 120_000) {
      if (pending) throw new Error(`${client.nick}: a request is already in flight`);
      return new Promise((resolve) => {
        pending = {
          service: lower(service),
          done,
          resolve,
          started: performance.now(),
          timer: setTimeout(() => {
            pending = null;
            resolve({ ms: NaN, ok: false, text: "(no reply)" });
          }, askTimeoutMs),
        };
        irc.say(service, text);
      });
    },
    /** Changes nick and resolves once the server confirmed it. */
    changeNick(newNick) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${client.nick}: NICK ${newNick} not confirmed`)), 10_000);
        const onNick = (e) => {
          if (lower(e.new_nick) !== lower(newNick)) return;
          clearTimeout(timer);
          irc.removeListener("nick", onNick);
          resolve();
        };
        irc.on("nick", onNick);
        irc.changeNick(newNick);
      });
    },
    quit: () => quitIrc(irc),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      irc.connection?.end?.();
      reject(new Error(`${nick}: not registered within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    irc.once("registered", () => {
      clearTimeout(timer);
      resolve(client);
    });
    irc.on("close", () => {
      clearTimeout(timer);
      reject(new Error(`${nick}: connection closed before registration`));
    });
    irc.connect({
      host,
      port,
      nick,
      username: nick.slice(0, 10).toLowerCase(),
      gecos: "compare bench",
      auto_reconnect: false,
      ping_interval: 0,
      ping_timeout: 0,
    });
  });
}

/** Sends QUIT and resolves once the connection is closed (at most 3 s). */
export function quitIrc(irc) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      irc.connection?.end?.();
      resolve();
    }, 3000);
    irc.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      irc.quit("bench over");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Connects `count` clients named by `nickOf(i)`, `batch` at a time. */
export async function connectMany(port, count, nickOf, batch = 25) {
  const clients = [];
  for (let start = 0; start < count; start += batch) {
    const wave = [];
    for (let i = start; i < Math.min(count, start + batch); i++) wave.push(connectClient({ port, nick: nickOf(i) }));
    clients.push(...(await Promise.all(wave)));
  }
  return clients;
}

/**
 * Sends `PRIVMSG <service> :<text>` every `everyMs` until the first NOTICE from the service; resolves
 * with performance.now() at that notice. Before the service exists the ircd answers 401 and
 * nothing reaches services. `signal` stops the polling.
 */
export function pollFirstReply(client, service, text, everyMs, timeoutMs) {
  return new Promise((resolve, reject) => {
    const onNotice = (e) => {
      if (lower(e.nick) !== lower(service)) return;
      finish();
      resolve(performance.now());
    };
    const finish = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      client.irc.removeListener("notice", onNotice);
    };
    client.irc.on("notice", onNotice);
    const timer = setInterval(() => client.irc.say(service, text), everyMs);
    const deadline = setTimeout(() => {
      finish();
      reject(new Error(`${service} did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
}

/** Resolves once the ircd says `nick` does not exist (401): the previous services are gone. */
export async function waitNickGone(client, nick, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = await new Promise((resolve) => {
      const onRaw = (e) => {
        if (!e.from_server) return;
        const line = e.line;
        if (new RegExp(` 401 \\S+ ${nick} `, "i").test(line)) done(true);
        else if (new RegExp(` 311 \\S+ ${nick} `, "i").test(line)) done(false);
      };
      const done = (v) => {
        clearTimeout(t);
        client.irc.removeListener("raw", onRaw);
        resolve(v);
      };
      const t = setTimeout(() => done(false), 2000);
      client.irc.on("raw", onRaw);
      client.irc.raw(`WHOIS ${nick}`);
    });
    if (gone) return;
    if (Date.now() > deadline) throw new Error(`${nick} still on the network after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
