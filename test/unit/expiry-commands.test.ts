import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeWorld, type World } from "./expiry-fixture.js";
import { DAY, SERVICE_NICKS, YEAR } from "../support.js";
import { expiring } from "../../src/commands/operserv/expiring.js";
import { noexpire } from "../../src/commands/operserv/noexpire.js";
import { accountInfoLines } from "../../src/commands/nickserv/info-lines.js";
import { ChannelStore } from "../../src/services/channels/store.js";
import type { Account } from "../../src/services/accounts/store.js";

let w: World;

beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

async function degrade(name: string, extraNicks: string[] = []): Promise<Account> {
  const account = await w.register(name);
  for (const nick of extraNicks) w.store.addNick(account.id, nick, w.clock.now());
  w.store.markLogin(account.id, w.clock.now(), `${name}!${name.toLowerCase()}@cloak.example`, `${name}!${name.toLowerCase()}@198.51.100.7`, name);
  w.clock.advance(60 * DAY);
  await w.run();
  return w.store.byId(account.id)!;
}

describe("INFO on a degraded account", () => {
  it("shows ordinary users the entity ID, original name, last address and last seen", async () => {
    const alyx = await degrade("Alyx", ["NotAlyx"]);
    w.clock.advance(DAY + 3_600_000);
    const lines = accountInfoLines(w.accounts.info(alyx, { accountId: null, auspex: false }), SERVICE_NICKS);
    expect(lines).toEqual([
      `Information on ${alyx.id}-Alyx (account ${alyx.id}):`,
      `Entity ID             : ${alyx.id}`,
      "Original Account Name : Alyx",
      "Last address          : alyx@cloak.example",
      "Last seen             : 2026-01-01 00:00 UTC (8w5d ago)",
      "*** End of Info ***",
    ]);
    expect(lines.join("\n")).not.toContain("198.51.100.7");
    expect(lines.join("\n")).not.toContain("NotAlyx");
  });

  it("shows opers registration, expired name, real address, expired nicknames, channel counts and groups", async () => {
    const alyx = await w.register("Alyx");
    w.store.addNick(alyx.id, "NotAlyx", w.clock.now());
    w.store.markLogin(alyx.id, w.clock.now(), "Alyx!alyx@cloak.example", "Alyx!alyx@198.51.100.7", "Alyx");
    const channels = new ChannelStore(w.db);
    const registrant = { uid: "001AAAAAZ", nick: "Alyx", ident: "a", host: "h", ip: "192.0.2.3", accountId: alyx.id };
    for (const [name, owner] of [["#mine", alyx.id], ["#mine2", alyx.id], ["#theirs", "1OTHER000"]] as const) {
      const chan = channels.insertRequest({ name, email: "a@example.org", emailCanonical: "a@example.org", registrant, now: w.clock.now() }, null);
      channels.accept(chan.id, { state: "active", ownerId: owner, verifyVia: null, codeHash: null, accountCreated: false, ts: null, now: w.clock.now() });
      channels.addAccess(chan.id, alyx.id, owner === alyx.id ? 500 : 200, "system", w.clock.now());
    }
    w.clock.advance(60 * DAY);
    await w.run();
    const degraded = w.store.byId(alyx.id)!;
    const lines = accountInfoLines(w.accounts.info(degraded, { accountId: "1OPER0000", auspex: true }), SERVICE_NICKS);
    const text = lines.join("\n");
    expect(lines[0]).toBe(`Information on ${alyx.id}-Alyx (account ${alyx.id}):`);
    expect(lines).toContain("Registered           : 2026-01-01 00:00 UTC (8w4d ago)");
    expect(lines).toContain(`Entity ID            : ${alyx.id}`);
    expect(lines).toContain("Expired Account Name : Alyx");
    expect(lines).toContain("Last address         : alyx@cloak.example");
    expect(lines).toContain("Real address         : alyx@198.51.100.7");
    expect(lines).toContain("Expired Nicknames    : Alyx, NotAlyx");
    expect(lines).toContain("Channels             : 2 founder, 1 other");
    expect(lines).toContain("Groups               : none");
    expect(text).toContain("Nicks expired");
    expect(lines.at(-1)).toBe("*** End of Info ***");
    // The seed's order: Registered, Entity ID, Expired Account Name, ..., Last seen, Expired Nicknames, Channels, Groups.
    const order = ["Registered", "Entity ID", "Expired Account Name", "Last address", "Real address", "Last seen", "Expired Nicknames", "Channels", "Groups"];
    const positions = order.map((label) => lines.findIndex((l) => l.startsWith(label)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("is written in the style of every INFO: the same field names and one date format", async () => {
    const kept = await w.register("Kept");
    w.store.markLogin(kept.id, w.clock.now(), "Kept!kept@cloak.example", "Kept!kept@198.51.100.8", "Kept");
    const alyx = await degrade("Alyx");
    const label = (line: string) => line.split(" : ")[0]!.trim();
    const labelled = (lines: string[]) => lines.slice(1, -1);
    for (const auspex of [false, true]) {
      const ordinary = labelled(accountInfoLines(w.accounts.info(w.store.byId(kept.id)!, { accountId: kept.id, auspex }), SERVICE_NICKS));
      const degraded = labelled(accountInfoLines(w.accounts.info(alyx, { accountId: alyx.id, auspex }), SERVICE_NICKS));
      for (const lines of [ordinary, degraded]) {
        // "label : value", aligned; every time as 2026-12-05 23:53 UTC (10s ago).
        for (const line of lines) expect(line).toMatch(/^\S[^:]*\S +: \S/);
        const times = lines.filter((l) => /Registered|Last seen|Nicks expired/.test(label(l)));
        for (const line of times) expect(line).toMatch(/: \d{4}-\d\d-\d\d \d\d:\d\d UTC \((now|.+ ago)\)$/);
      }
      const shared = ["Entity ID", "Last address", "Last seen", "Email", ...(auspex ? ["Registered", "Real address", "Options"] : [])];
      for (const name of shared) {
        expect(ordinary.map(label)).toContain(name);
        expect(degraded.map(label)).toContain(name);
      }
      expect([...ordinary, ...degraded].join("\n")).not.toMatch(/Last addr |Real addr |weeks,/);
    }
  });
});

describe("OperServ EXPIRING", () => {
  it("lists accounts whose nicks expire or which expire within N days, with dates, leaving out exempt ones", async () => {
    const soon = await w.register("Soon");
    w.clock.advance(10 * DAY);
    const later = await w.register("Later");
    const kept = await w.register("Kept");
    w.store.setFlag(kept.id, "noexpire", true);
    const frozen = await w.register("Frozen");
    w.store.setFlag(frozen.id, "frozen", true);
    w.clock.advance(50 * DAY - 3_600_000);

    const { ctx, replies } = w.ctx("001OPER00", { privileges: ["expiry"] });
    await expiring.run!(ctx, []);
    expect(replies[0]).toBe("Accounts expiring within 7 days: 1");
    expect(replies[1]).toBe(`  Soon (${soon.id}) nicks expire 2026-03-02 00:00 UTC (in 1h)`);
    expect(replies.at(-1)).toBe("*** End of list ***");

    const wide = w.ctx("001OPER00", { privileges: ["expiry"] });
    await expiring.run!(wide.ctx, ["30"]);
    expect(wide.replies[0]).toBe("Accounts expiring within 30 days: 2");
    expect(wide.replies.slice(1, 3).map((l) => l.trim().split(" ")[0])).toEqual(["Soon", "Later"]);
    expect(wide.replies.join("\n")).not.toMatch(/Kept|Frozen/);
    void later;
  });

  it("lists account expiry for degraded accounts, and overdue ones", async () => {
    const tom = await w.register("Tom");
    w.clock.advance(60 * DAY);
    await w.run();
    w.clock.advance(3 * YEAR - 60 * DAY - 2 * DAY);
    const { ctx, replies } = w.ctx("001OPER00", { privileges: ["expiry"] });
    await expiring.run!(ctx, ["7"]);
    expect(replies[0]).toBe("Accounts expiring within 7 days: 1");
    expect(replies[1]).toContain(`${tom.id}-Tom (${tom.id}) account expires`);
    expect(replies[1]).toContain("(in 2d)");
  });

  it("shows at most 50 lines, with the total", async () => {
    for (let i = 0; i < 60; i++) await w.register(`User${i}`);
    w.clock.advance(55 * DAY);
    const { ctx, replies } = w.ctx("001OPER00", { privileges: ["expiry"] });
    await expiring.run!(ctx, []);
    expect(replies.length).toBeLessThanOrEqual(50);
    expect(replies[0]).toBe("Accounts expiring within 7 days: 60");
    expect(replies).toContain("... and 13 more; narrow with EXPIRING <fewer days>.");
  });

  it("refuses a day count that is not a number from 1 to 3650", async () => {
    for (const bad of ["0", "abc", "-3", "99999"]) {
      const { ctx, replies } = w.ctx("001OPER00", { privileges: ["expiry"] });
      await expiring.run!(ctx, [bad]);
      expect(replies).toEqual([`${bad} is not a number of days from 1 to 3650. Syntax: EXPIRING [<days>]`]);
    }
  });

  it("says so when nothing expires", async () => {
    const { ctx, replies } = w.ctx("001OPER00", { privileges: ["expiry"] });
    await expiring.run!(ctx, ["1"]);
    expect(replies).toEqual(["No account expires within 1 day."]);
  });

  it("needs the expiry privilege", () => {
    expect(expiring.privilege).toBe("expiry");
  });
});

describe("OperServ NOEXPIRE", () => {
  it("marks an account named by ?entity ID as never expiring, and back", async () => {
    const tom = await w.register("Tom");
    const oper = await w.register("StaffOne");
    const on = w.ctx("001OPER00", { account: oper, privileges: ["account:admin"] });
    await noexpire.run!(on.ctx, [`?${tom.id}`, "on"]);
    expect(on.replies).toEqual([`Tom (${tom.id}) will not expire.`]);
    expect(w.store.byId(tom.id)?.noexpire).toBe(true);
    expect(w.audit.forTarget(tom.id)[0]).toMatchObject({ actor: oper.id, action: "account.noexpire", details: { noexpire: true } });

    w.clock.advance(5 * YEAR);
    await w.run();
    expect(w.store.byId(tom.id)?.name).toBe("Tom");

    const off = w.ctx("001OPER00", { account: oper, privileges: ["account:admin"] });
    await noexpire.run!(off.ctx, [tom.id, "OFF"]);
    expect(off.replies).toEqual([`Tom (${tom.id}) follows the usual expiry rules again.`]);
    expect(w.store.byId(tom.id)?.noexpire).toBe(false);
  });

  it("changes nothing when its audit row cannot be written (one transaction), and says when it is already set", async () => {
    const tom = await w.register("Tom");
    const record = w.audit.record.bind(w.audit);
    w.audit.record = () => {
      throw new Error("audit log unavailable");
    };
    expect(() => w.accounts.setNoexpire(tom.id, true, "1OPER0000")).toThrow("audit log unavailable");
    expect(w.store.byId(tom.id)?.noexpire).toBe(false);
    w.audit.record = record;
    expect(w.accounts.setNoexpire(tom.id, false, "1OPER0000")).toEqual({ ok: false, error: { kind: "noexpire-unchanged", account: "Tom", id: tom.id, on: false } });
  });

  it("refuses unknown accounts and values other than ON/OFF", async () => {
    await w.register("Tom");
    const a = w.ctx("001OPER00", { privileges: ["account:admin"] });
    await noexpire.run!(a.ctx, ["Nobody", "ON"]);
    expect(a.replies).toEqual(["There is no account Nobody."]);
    const b = w.ctx("001OPER00", { privileges: ["account:admin"] });
    await noexpire.run!(b.ctx, ["Tom", "maybe"]);
    expect(b.replies).toEqual(["maybe is neither ON nor OFF. Syntax: NOEXPIRE <account> ON|OFF"]);
    expect(noexpire.privilege).toBe("account:admin");
  });
});
