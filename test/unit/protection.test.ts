import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connection.js";
import { NickHolds } from "../../src/services/accounts/nick-holds.js";
import { NickProtection } from "../../src/services/accounts/protection.js";
import { AccountStore, type Account } from "../../src/services/accounts/store.js";
import type { OnlineUser, ServiceName } from "../../src/services/ports.js";
import { ManualClock } from "../../src/util/clock.js";
import { holdReasonText, messageService, messageText } from "../../src/commands/notices.js";
import { FakeNetwork, memoryDb, TEST_WORDING } from "../support.js";

const GRACE = 60_000;
const HOLD = 90_000;

let db: Database;
let store: AccountStore;
let clock: ManualClock;
let net: FakeNetwork;
let logins: Map<string, string>;
let notices: { service: ServiceName; uid: string; text: string }[];
let renames: { uid: string; nick: string }[];
/** Hold and release calls, in order: ["hold", nick, seconds, reason] / ["release", nick]. */
let holdCalls: unknown[][];
let protection: NickProtection;
let nextId = 1;

function account(name: string, status: "active" | "unverified" = "active"): Account {
  const id = `1ACC${String(nextId++).padStart(5, "0")}`;
  return store.create({
    id,
    name,
    passwordHash: "scrypt$1024$8$1$x$y",
    passwordGenerated: false,
    email: `${name.toLowerCase()}@example.org`,
    emailCanonical: `${name.toLowerCase()}@example.org`,
    status,
    origin: "nickserv",
    now: clock.now(),
  });
}

function connect(uid: string, nick: string): OnlineUser {
  return net.add(nick, { uid, ident: "u", host: "127.0.0.1", displayHost: "127.0.0.1", ip: "127.0.0.1", connectedAt: clock.now() });
}

beforeEach(() => {
  db = memoryDb();
  store = new AccountStore(db);
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  net = new FakeNetwork();
  logins = new Map();
  notices = [];
  renames = [];
  holdCalls = [];
  protection = new NickProtection(
    {
      clock,
      store,
      accountOf: (uid) => logins.get(uid) ?? null,
      network: net,
      actions: {
        notify: (uid, message) => notices.push({ service: messageService(message), uid, text: messageText(message, TEST_WORDING) }),
        forceNick: (uid, nick) => {
          renames.push({ uid, nick });
          net.rename(uid, nick);
        },
        holdNick: (nick, seconds, reason) => holdCalls.push(["hold", nick, seconds, holdReasonText(reason, TEST_WORDING)]),
        releaseNick: (nick) => holdCalls.push(["release", nick]),
      },
      isService: (uid) => uid.startsWith("42X"),
      holds: new NickHolds(db),
    },
    { graceMs: GRACE, guestPrefix: "Guest", holdMs: HOLD },
  );
});
afterEach(() => db.close());

describe("nick protection", () => {
  it("warns a user on a registered nick who is not logged in to its owner", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    expect(protection.check("001AAAAAA")).toBe("warned");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.service).toBe("nickserv");
    expect(notices[0]!.text).toMatch(/Alice is registered.*identify within 60 seconds.*\/msg NickServ IDENTIFY/);
    expect(protection.pendingFor("001AAAAAA")?.deadline).toBe(clock.now() + GRACE);
  });

  it("renames to <prefix><digits> after the grace period, not before", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    clock.advance(GRACE - 1);
    expect(protection.tick()).toEqual([]);
    clock.advance(1);
    const done = protection.tick();
    expect(done).toHaveLength(1);
    expect(done[0]!.from).toBe("Alice");
    expect(done[0]!.to).toMatch(/^Guest\d{5}$/);
    expect(renames).toEqual([{ uid: "001AAAAAA", nick: done[0]!.to }]);
    expect(notices.at(-1)!.text).toMatch(/did not identify for Alice in time/);
    expect(protection.pendingFor("001AAAAAA")).toBeUndefined();
  });

  it("does not rename a user who identified during the grace period", () => {
    const alice = account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    clock.advance(30_000);
    logins.set("001AAAAAA", alice.id);
    expect(protection.check("001AAAAAA")).toBe("identified");
    clock.advance(GRACE);
    expect(protection.tick()).toEqual([]);
    expect(renames).toEqual([]);
  });

  it("does not rename a user who logged in even if nobody told protection", () => {
    const alice = account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    logins.set("001AAAAAA", alice.id);
    clock.advance(GRACE);
    expect(protection.tick()).toEqual([]);
  });

  it("does not rename a user who changed to another nick meanwhile", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    net.rename("001AAAAAA", "NotAlice");
    expect(protection.check("001AAAAAA")).toBe("free");
    clock.advance(GRACE);
    expect(protection.tick()).toEqual([]);
    expect(renames).toEqual([]);
  });

  it("does not rename a user who left and came back to the nick after the deadline check without a new warning", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    net.rename("001AAAAAA", "Other");
    clock.advance(GRACE);
    // Nobody called check() for the nick change; the deadline check itself sees the nick changed.
    expect(protection.tick()).toEqual([]);
  });

  it("warns only once per nick and keeps the first deadline", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    const first = protection.pendingFor("001AAAAAA")!.deadline;
    clock.advance(10_000);
    expect(protection.check("001AAAAAA")).toBe("waiting");
    expect(notices).toHaveLength(1);
    expect(protection.pendingFor("001AAAAAA")!.deadline).toBe(first);
  });

  it("starts a new grace period when the user moves to another protected nick", () => {
    account("Alice");
    account("Bob");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    clock.advance(50_000);
    net.rename("001AAAAAA", "Bob");
    expect(protection.check("001AAAAAA")).toBe("warned");
    expect(protection.pendingFor("001AAAAAA")).toMatchObject({ nick: "Bob", deadline: clock.now() + GRACE });
    clock.advance(10_000);
    expect(protection.tick()).toEqual([]);
  });

  it("treats nicks case-insensitively (rfc1459)", () => {
    account("Al[ice]");
    connect("001AAAAAA", "al{ICE}");
    expect(protection.check("001AAAAAA")).toBe("warned");
  });

  it("protects grouped nicks of the account too", () => {
    const alice = account("Alice");
    store.addNick(alice.id, "Alice_away", clock.now());
    connect("001AAAAAA", "Alice_away");
    expect(protection.check("001AAAAAA")).toBe("warned");
    logins.set("001AAAAAA", alice.id);
    expect(protection.check("001AAAAAA")).toBe("identified");
  });

  it("leaves nicks of unverified accounts alone: they are inert", () => {
    account("Pending", "unverified");
    connect("001AAAAAA", "Pending");
    expect(protection.check("001AAAAAA")).toBe("free");
    expect(notices).toEqual([]);
  });

  it("keeps protecting the nicks of a frozen account", () => {
    const frozen = account("Cold");
    store.setFlag(frozen.id, "frozen", true);
    connect("001AAAAAA", "Cold");
    expect(protection.check("001AAAAAA")).toBe("warned");
    clock.advance(GRACE);
    expect(protection.tick()).toHaveLength(1);
  });

  it("stops protecting once the account is gone", () => {
    const alice = account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    store.delete(alice.id, clock.now());
    clock.advance(GRACE);
    expect(protection.tick()).toEqual([]);
  });

  it("frees the old nick of a degraded account: its degraded name is no nick", () => {
    const tom = account("Tom");
    // Degradation (nick expiry) removes the account's nicks and renames it to <entity id>-<name>.
    store.removeNick("Tom");
    store.rename(tom.id, `${tom.id}-Tom`);
    connect("001AAAAAA", "Tom");
    expect(protection.check("001AAAAAA")).toBe("free");
    expect(protection.protector(`${tom.id}-Tom`)).toBeNull();
  });

  it("never touches services' own clients", () => {
    account("NickServ");
    connect("42XAAAAAB", "NickServ");
    expect(protection.check("42XAAAAAB")).toBe("free");
    expect(notices).toEqual([]);
  });

  it("does nothing for unregistered nicks and unknown users", () => {
    connect("001AAAAAA", "Nobody");
    expect(protection.check("001AAAAAA")).toBe("free");
    expect(protection.check("001ZZZZZZ")).toBe("free");
  });

  it("forgets a user who quits", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    net.quit("001AAAAAA");
    protection.forget("001AAAAAA");
    expect(protection.pendingRenames()).toEqual([]);
  });

  it("picks a guest nick that is not in use", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    connect("001AAAAAB", "Guest11111");
    const digits = ["11111", "22222"];
    const picky = new NickProtection(
      {
        clock,
        store,
        accountOf: () => null,
        network: net,
        actions: { notify: () => {}, forceNick: (uid, nick) => renames.push({ uid, nick }), holdNick: () => {}, releaseNick: () => {} },
        isService: () => false,
        holds: new NickHolds(db),
        randomDigits: () => digits.shift() ?? "33333",
      },
      { graceMs: GRACE, guestPrefix: "Guest" },
    );
    picky.check("001AAAAAA");
    clock.advance(GRACE);
    expect(picky.tick()).toEqual([{ uid: "001AAAAAA", from: "Alice", to: "Guest22222" }]);
  });

  it("renames everyone whose deadline passed in one tick, and only them", () => {
    account("Alice");
    account("Bob");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    clock.advance(30_000);
    connect("001AAAAAB", "Bob");
    protection.check("001AAAAAB");
    clock.advance(30_000);
    expect(protection.tick().map((r) => r.uid)).toEqual(["001AAAAAA"]);
    clock.advance(30_000);
    expect(protection.tick().map((r) => r.uid)).toEqual(["001AAAAAB"]);
  });

  it("keeps guest nicks within the nick length limit", () => {
    const long = new NickProtection(
      {
        clock,
        store,
        accountOf: () => null,
        network: { user: () => undefined },
        actions: { notify: () => {}, forceNick: () => {}, holdNick: () => {}, releaseNick: () => {} },
        isService: () => false,
        holds: new NickHolds(db),
      },
      { graceMs: GRACE, guestPrefix: "AVeryLongGuestPrefix", maxNickLength: 22 },
    );
    expect(long.guestNick()).toMatch(/^AVeryLongGuestPrefix\d{2}$/);
  });
});

describe("nick holds after a guest rename", () => {
  /** Alice's account; a squatter on her nick renamed to a guest nick (the hold is set then). */
  function renamedSquatter(): { alice: Account; guest: string } {
    const alice = account("Alice");
    connect("001AAAAAA", "Alice");
    protection.check("001AAAAAA");
    clock.advance(GRACE);
    const [done] = protection.tick();
    return { alice, guest: done!.to };
  }

  it("holds the nick for guest_hold right after the rename, and tells the user how the owner gets it back", () => {
    const { alice } = renamedSquatter();
    expect(holdCalls).toEqual([["hold", "Alice", 90, "Held after a guest rename. If it is yours: /msg NickServ REGAIN Alice <password>"]]);
    expect(notices.at(-1)!.text).toMatch(/Alice is held for 1m30s; if it is yours, take it back with \/msg NickServ REGAIN Alice <password>\.$/);
    expect(protection.holds()).toEqual([{ nick: "Alice", accountId: alice.id, until: clock.now() + HOLD }]);
  });

  it("holds nothing when guest_hold is 0", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    const calls: string[] = [];
    const noHold = new NickProtection(
      {
        clock,
        store,
        accountOf: () => null,
        network: net,
        actions: {
          notify: (_u, message) => calls.push(messageText(message, TEST_WORDING)),
          forceNick: (uid, nick) => net.rename(uid, nick),
          holdNick: (nick) => calls.push(`hold ${nick}`),
          releaseNick: (nick) => calls.push(`release ${nick}`),
        },
        isService: () => false,
        holds: new NickHolds(db),
      },
      { graceMs: GRACE, guestPrefix: "Guest", holdMs: 0 },
    );
    noHold.check("001AAAAAA");
    clock.advance(GRACE);
    expect(noHold.tick()).toHaveLength(1);
    expect(calls.filter((c) => /^(hold|release) /.test(c))).toEqual([]);
    expect(calls.at(-1)).not.toMatch(/held/);
    expect(noHold.holds()).toEqual([]);
    expect(noHold.releaseHold("Alice")).toBe(false);
  });

  it("rounds a hold up to whole seconds", () => {
    account("Alice");
    connect("001AAAAAA", "Alice");
    const seconds: number[] = [];
    const odd = new NickProtection(
      {
        clock,
        store,
        accountOf: () => null,
        network: net,
        actions: { notify: () => {}, forceNick: (uid, nick) => net.rename(uid, nick), holdNick: (_n, s) => seconds.push(s), releaseNick: () => {} },
        isService: () => false,
        holds: new NickHolds(db),
      },
      { graceMs: GRACE, guestPrefix: "Guest", holdMs: 1_500 },
    );
    odd.check("001AAAAAA");
    clock.advance(GRACE);
    odd.tick();
    expect(seconds).toEqual([2]);
  });

  it("remembers its holds across a restart of services (in the database): the owner's login still lifts them", () => {
    const { alice } = renamedSquatter();
    holdCalls = [];
    // Services restart: a new protection over the same database, nothing in memory.
    const releases: string[] = [];
    const restarted = new NickProtection(
      {
        clock,
        store,
        accountOf: () => null,
        network: net,
        actions: { notify: () => {}, forceNick: () => {}, holdNick: () => {}, releaseNick: (nick) => releases.push(nick) },
        isService: () => false,
        holds: new NickHolds(db),
      },
      { graceMs: GRACE, guestPrefix: "Guest", holdMs: HOLD },
    );
    clock.advance(HOLD / 2);
    expect(restarted.holds()).toEqual([{ nick: "Alice", accountId: alice.id, until: clock.now() + HOLD / 2 }]);
    expect(restarted.releaseHoldsOf(alice.id)).toEqual(["Alice"]);
    expect(releases).toEqual(["Alice"]);
    expect(db.prepare("SELECT count(*) AS n FROM nick_holds").get()).toEqual({ n: 0 });
  });

  it("releases a hold it set, once, and only while it lasts", () => {
    renamedSquatter();
    holdCalls = [];
    expect(protection.releaseHold("ALICE")).toBe(true);
    expect(holdCalls).toEqual([["release", "Alice"]]);
    expect(protection.releaseHold("Alice")).toBe(false);
    expect(holdCalls).toHaveLength(1);
    expect(protection.holds()).toEqual([]);
  });

  it("never releases a nick it did not hold", () => {
    account("Bob");
    renamedSquatter();
    holdCalls = [];
    expect(protection.releaseHold("Bob")).toBe(false);
    expect(protection.releaseHold("Nobody")).toBe(false);
    expect(holdCalls).toEqual([]);
  });

  it("does not release a hold the ircd already ended, and forgets it", () => {
    renamedSquatter();
    holdCalls = [];
    clock.advance(HOLD);
    expect(protection.holds()).toEqual([]);
    expect(protection.releaseHold("Alice")).toBe(false);
    expect(holdCalls).toEqual([]);
  });

  it("drops ended holds on the next tick", () => {
    const { alice } = renamedSquatter();
    clock.advance(HOLD);
    protection.tick();
    holdCalls = [];
    expect(protection.releaseHoldsOf(alice.id)).toEqual([]);
    expect(holdCalls).toEqual([]);
  });

  it("releases for an account only the holds set for that account", () => {
    const { alice } = renamedSquatter();
    const bob = account("Bob");
    connect("001AAAAAB", "Bob");
    protection.check("001AAAAAB");
    clock.advance(GRACE);
    protection.tick();
    holdCalls = [];
    expect(protection.releaseHold("Alice", bob.id)).toBe(false);
    expect(protection.releaseHoldsOf(bob.id)).toEqual(["Bob"]);
    expect(holdCalls).toEqual([["release", "Bob"]]);
    expect(protection.holds().map((h) => h.accountId)).toEqual([alice.id]);
  });

  it("lifts its earlier hold before holding the nick again (the ircd does not replace a hold)", () => {
    renamedSquatter();
    // Someone got onto the nick anyway (e.g. through a server that missed the hold).
    clock.advance(10_000);
    connect("001AAAAAC", "Alice");
    protection.check("001AAAAAC");
    clock.advance(GRACE);
    protection.tick();
    expect(holdCalls.map((c) => c.slice(0, 2))).toEqual([
      ["hold", "Alice"],
      ["release", "Alice"],
      ["hold", "Alice"],
    ]);
    expect(protection.holds()).toHaveLength(1);
    expect(protection.holds()[0]!.until).toBe(clock.now() + HOLD);
  });

  it("keeps its holds when the pending renames are cleared (a relink: the ircd keeps them too)", () => {
    renamedSquatter();
    protection.clear();
    expect(protection.holds()).toHaveLength(1);
  });
});
