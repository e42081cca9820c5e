/**
 * A private Atheme (Debian's atheme-services 7.2) linked to an InspIRCd 3, for the import tests
 * and the side-by-side benchmarks. Plain ESM so that benchmarks can import it without a build;
 * atheme.d.mts types it for the TypeScript tests.
 *
 * startAtheme() writes an atheme.conf into a temp folder, runs atheme-services in the foreground
 * (-n) with its data, log and pid files there, and resolves once Atheme has linked and finished
 * its burst. stop() sends SIGTERM, on which Atheme writes its database (services.db) and exits;
 * it resolves with the database's path.
 *
 * The ircd needs a <link> and a <uline> for Atheme's server name: athemeLinkConf() writes them
 * (pass the text as startInspircd's extraConf). Atheme 7.2 speaks protocol 1202 (InspIRCd 2.0),
 * which InspIRCd 3 accepts on its server port.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The atheme-services binary; ATHEME_BIN overrides it. */
export const athemeBinary = () => process.env.ATHEME_BIN ?? "/usr/bin/atheme-services";

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_KEEP = 64 * 1024;

/**
 * Installs Debian's atheme-services when the binary is missing (apt-get; through sudo when not
 * root). Throws with apt's output when that fails. Returns the binary's path.
 */
export function ensureAtheme() {
  const bin = athemeBinary();
  if (existsSync(bin)) return bin;
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args) => {
    const [cmd, ...rest] = [...sudo, ...args];
    const r = spawnSync(cmd, rest, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) throw new Error(`${[...sudo, ...args].join(" ")} failed (${r.status ?? r.signal}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  };
  run(["apt-get", "install", "-y", "atheme-services"]);
  if (!existsSync(bin)) {
    // The package lists may be stale on a fresh machine.
    run(["apt-get", "update"]);
    run(["apt-get", "install", "-y", "atheme-services"]);
  }
  if (!existsSync(bin)) throw new Error(`atheme-services installed, but ${bin} is missing`);
  return bin;
}

/** Escapes a value for a double-quoted atheme.conf string. */
function q(value) {
  const s = String(value);
  if (/[\r\n"\\]/.test(s)) throw new Error(`atheme.conf value may not contain a quote, backslash or line break: ${JSON.stringify(s)}`);
  return `"${s}"`;
}

/** Escapes a value for a double-quoted InspIRCd config attribute. */
function xq(value) {
  const s = String(value);
  if (/[\r\n]/.test(s)) throw new Error(`config value may not contain a line break: ${JSON.stringify(s)}`);
  return `"${s.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`;
}

/** Default names and passwords, so that a test needs to pass only the ports. */
export const ATHEME_DEFAULTS = Object.freeze({
  serverName: "atheme.test.local",
  sid: "77A",
  sendPassword: "atheme-link-out",
  receivePassword: "atheme-link-in",
});

/**
 * The InspIRCd configuration that accepts Atheme's link: a <link> block and a <uline>.
 * `port` is the ircd's server port (InspIRCd requires the attribute; Atheme connects in).
 */
export function athemeLinkConf(o = {}) {
  const name = o.serverName ?? ATHEME_DEFAULTS.serverName;
  const send = o.sendPassword ?? ATHEME_DEFAULTS.sendPassword;
  const receive = o.receivePassword ?? ATHEME_DEFAULTS.receivePassword;
  return [
    `<link name=${xq(name)} ipaddr="127.0.0.1" port=${xq(o.port ?? 7000)} allowmask="127.0.0.0/8"` +
      ` timeout="15" sendpass=${xq(receive)} recvpass=${xq(send)}>`,
    `<uline server=${xq(name)} silent="yes">`,
  ].join("\n");
}

/** The modules Atheme loads for NickServ, ChanServ and OperServ; `extraModules` adds more. */
export const ATHEME_MODULES = [
  "protocol/inspircd",
  "backend/opensex",
  "nickserv/main",
  "nickserv/help",
  "nickserv/register",
  "nickserv/identify",
  "nickserv/login",
  "nickserv/logout",
  "nickserv/info",
  "nickserv/group",
  "nickserv/ghost",
  "nickserv/drop",
  "nickserv/badmail",
  "nickserv/freeze",
  "nickserv/hold",
  "nickserv/mark",
  "nickserv/cert",
  "nickserv/verify",
  "nickserv/setpass",
  "nickserv/set_core",
  "nickserv/set_email",
  "nickserv/set_hidemail",
  "nickserv/set_password",
  "nickserv/set_property",
  "chanserv/main",
  "chanserv/help",
  "chanserv/register",
  "chanserv/info",
  "chanserv/flags",
  "chanserv/access",
  "chanserv/xop",
  "chanserv/drop",
  "chanserv/hold",
  "chanserv/mark",
  "chanserv/set_core",
  "chanserv/set_email",
  "chanserv/set_url",
  "operserv/main",
  "operserv/help",
  "operserv/soper",
];

/**
 * The text of an atheme.conf. Options (all but `uplink` optional):
 * - uplink: { name, host = "127.0.0.1", port, sendPassword, receivePassword } — the ircd
 * - serverName, sid, description: how Atheme introduces itself
 * - crypto: crypto modules, the first is the default for new passwords (["pbkdf2v2"])
 * - pbkdf2Rounds (10000, Atheme's minimum: fast), pbkdf2Digest ("SHA512")
 * - nicks: { nickserv, chanserv, operserv } pseudo-client nicks
 * - opers: [{ account, operclass = "sra" }] — services operators by account ("sra" holds every privilege, no /oper needed)
 * - extraModules: more module paths ("nickserv/vhost"); extraConf: text appended to the config
 * - debugLog: log everything, the protocol lines included (passwords too: tests only)
 */
export function athemeConfig(o) {
  const u = o.uplink;
  if (!u || !u.name || !u.port) throw new Error("athemeConfig: uplink.name and uplink.port are required");
  const serverName = o.serverName ?? ATHEME_DEFAULTS.serverName;
  const crypto = o.crypto ?? ["pbkdf2v2"];
  const nicks = { nickserv: "NickServ", chanserv: "ChanServ", operserv: "OperServ", ...(o.nicks ?? {}) };
  const modules = [...ATHEME_MODULES.slice(0, 2), ...crypto.map((c) => `crypto/${c}`), ...ATHEME_MODULES.slice(2), ...(o.extraModules ?? [])];
  const service = (name, nick, real) =>
    `${name} {\n\tnick = ${q(nick)};\n\tuser = ${q(name.toLowerCase())};\n\thost = ${q(serverName)};\n\treal = ${q(real)};\n`;
  const lines = [
    "/* Generated by Custodian's test harness (test/e2e/harness/atheme.mjs). Loopback only. */",
    ...[...new Set(modules)].map((m) => `loadmodule ${q(`modules/${m}`)};`),
    "",
    `pbkdf2v2 {\n\tdigest = ${q(o.pbkdf2Digest ?? "SHA512")};\n\trounds = ${Number(o.pbkdf2Rounds ?? 10000)};\n};`,
    "",
    "serverinfo {",
    `\tname = ${q(serverName)};`,
    `\tdesc = ${q(o.description ?? "Atheme under test")};`,
    `\tnumeric = ${q(o.sid ?? ATHEME_DEFAULTS.sid)};`,
    "\trecontime = 2;",
    '\tnetname = "TestNet";',
    '\thidehostsuffix = "users.test.local";',
    '\tadminname = "Test Admin";',
    '\tadminemail = "admin@test.local";',
    '\tregisteremail = "services@test.local";',
    // No mail: accounts are verified at once (auth = none) and nothing is ever sent.
    '\tmta = "/bin/true";',
    `\tloglevel = { ${o.debugLog ? "all" : "error; info; admin; network; wallops"}; };`,
    "\tmaxlogins = 100;",
    // Accounts per email address: the benchmarks register many with one address.
    "\tmaxusers = 1000000;",
    "\tmdlimit = 100;",
    "\temaillimit = 1000000;",
    "\temailtime = 1;",
    "\tauth = none;",
    "\tcasemapping = rfc1459;",
    "};",
    "",
    `uplink ${q(u.name)} {`,
    `\thost = ${q(u.host ?? "127.0.0.1")};`,
    `\tsend_password = ${q(u.sendPassword ?? ATHEME_DEFAULTS.sendPassword)};`,
    `\treceive_password = ${q(u.receivePassword ?? ATHEME_DEFAULTS.receivePassword)};`,
    `\tport = ${Number(u.port)};`,
    "};",
    "",
    service("nickserv", nicks.nickserv, "Nickname Services") + "\tmaxnicks = 20;\n\texpire = 0;\n};",
    service("chanserv", nicks.chanserv, "Channel Services") +
      "\tmaxchans = 1000;\n\tfantasy;\n\ttrigger = \"!\";\n\texpire = 0;\n\tmaxchanacs = 0;\n\tmaxfounders = 4;\n" +
      '\ttemplates {\n\t\tvop = "+AV";\n\t\thop = "+AHehitrv";\n\t\taop = "+AOehiortv";\n\t\tsop = "+AOaefhiorstv";\n\t\tfounder = "+AFORaefhiorstv";\n\t};\n};',
    service("operserv", nicks.operserv, "Operator Services") + "};",
    "",
    "general {",
    "\tjoin_chans;",
    "\tleave_chans;",
    "\tuflags = { hidemail; };",
    "\tcflags = { verbose; };",
    // Flood and rate limits out of the way: tests and benchmarks send fast from one address.
    "\tflood_msgs = 1000000;",
    "\tflood_time = 1;",
    "\tratelimit_uses = 0;",
    "\tratelimit_period = 0;",
    "\tkline_time = 7;",
    "\tclone_time = 0;",
    "\tcommit_interval = 60;",
    "\tdefault_clone_allowed = 100000;",
    "\tdefault_clone_warn = 100000;",
    "\tuplink_sendq_limit = 104857600;",
    '\tlanguage = "en";',
    "\texempts { };",
    "\timmune_level = immune;",
    "\tshow_entity_id;",
    "};",
    "",
    'operclass "user" { };',
    'operclass "sra" {',
    "\tprivs {",
    "\t\tspecial:ircop;",
    "\t\tuser:auspex; user:admin; user:sendpass; user:vhost; user:mark; user:hold; user:regnolimit;",
    "\t\tchan:auspex; chan:admin; chan:cmodes; chan:joinstaffonly;",
    "\t\tgeneral:auspex; general:helper; general:viewprivs; general:flood; general:metadata; general:admin;",
    "\t\toperserv:omode; operserv:akill; operserv:jupe; operserv:global; operserv:noop; operserv:grant;",
    "\t};",
    "};",
    ...(o.opers ?? []).map((op) => `operator ${q(op.account)} {\n\toperclass = ${q(op.operclass ?? "sra")};\n};`),
  ];
  if (o.extraConf) lines.push("", o.extraConf);
  return lines.join("\n") + "\n";
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/**
 * Starts Atheme linked to `options.uplink` (see athemeConfig for the options; also `dir`: the
 * folder to use, a new temp folder by default; `database`: a services.db to start from, copied
 * in; `startTimeoutMs`). Resolves once Atheme has finished its burst to the ircd.
 */
export async function startAtheme(options) {
  const bin = ensureAtheme();
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), "atheme-")));
  const ownsDir = options.dir === undefined;
  const dataDir = join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dir, "atheme.conf");
  const logPath = join(dir, "atheme.log");
  const pidPath = join(dir, "atheme.pid");
  const dbPath = join(dataDir, "services.db");
  if (options.database) copyFileSync(options.database, dbPath);
  writeFileSync(configPath, athemeConfig(options), { mode: 0o600 });
  writeFileSync(logPath, "");

  let output = "";
  const child = spawn(bin, ["-n", "-c", configPath, "-l", logPath, "-p", pidPath, "-D", dataDir], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk) => {
    output += chunk.toString("utf8");
    if (output.length > OUTPUT_KEEP) output = output.slice(-OUTPUT_KEEP);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  let spawnError;
  child.once("error", (e) => (spawnError = e));
  const killOnExit = () => {
    if (!exited(child)) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  const exit = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  void exit.then(() => process.removeListener("exit", killOnExit));

  const readLog = () => {
    try {
      return readFileSync(logPath, "utf8");
    } catch {
      return "";
    }
  };
  const tail = (text, n = 30) => text.trimEnd().split("\n").slice(-n).join("\n");
  const logTail = () => `--- atheme output ---\n${tail(output)}\n--- ${logPath} ---\n${tail(readLog().slice(-OUTPUT_KEEP))}`;

  // Atheme logs "finished synching with uplink" when the ircd answered its end-of-burst PING.
  const timeout = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (spawnError) throw new Error(`cannot run ${bin}: ${spawnError.message}`);
    if (exited(child)) throw new Error(`atheme-services exited during start-up (code ${child.exitCode}, signal ${child.signalCode}); config ${configPath}\n${logTail()}`);
    const log = readLog();
    if (/finished synching with uplink/i.test(log) || /finished synching with uplink/i.test(output)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await exit;
      throw new Error(`atheme-services did not link within ${timeout / 1000} s; config ${configPath}\n${logTail()}`);
    }
    await sleep(100);
  }

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (!exited(child)) {
        // Atheme writes services.db.new and renames it over services.db: a new inode.
        const before = existsSync(dbPath) ? statSync(dbPath).ino : undefined;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        const how = await exit;
        clearTimeout(timer);
        if (how.signal === "SIGKILL") throw new Error(`atheme-services did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM\n${logTail()}`);
        if (!existsSync(dbPath) || statSync(dbPath).ino === before) throw new Error(`atheme-services exited without writing ${dbPath}\n${logTail()}`);
      }
      return dbPath;
    })();
    return stopping;
  };

  return {
    dir,
    configPath,
    logPath,
    dbPath,
    serverName: options.serverName ?? ATHEME_DEFAULTS.serverName,
    process: child,
    stop,
    /** Stops Atheme (database written) and removes the folder if startAtheme created it; KEEP_E2E_DIRS keeps it. */
    async cleanup() {
      try {
        await stop();
      } finally {
        if (ownsDir && !process.env.KEEP_E2E_DIRS) rmSync(dir, { recursive: true, force: true });
      }
    },
    logTail,
  };
}
