/**
 * A deleted account's entity ID is never given to another account (issue 18), even after its
 * tombstone is purged: registration draws again when the ID drawn is retired. Every way an
 * account row goes (a deletion case, account expiry, the unverified-account drop, an X2-made
 * account dropped with its channel) retires its ID.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.js";
import { defaultMigrationsDir, migrate } from "../../src/db/migrate.js";
import { accountExpiryLoop } from "../../src/loops/account-expiry.js";
import { channelVerifyExpiryLoop } from "../../src/loops/channel-verify-expiry.js";
import { unverifiedAccountsLoop } from "../../src/loops/unverified-accounts.js";
import type { Services } from "../../src/services/registry.js";
import { DAY, YEAR } from "../support.js";
import { makeDeletionWorld, PASSWORD, type DeletionWorld } from "./deletion-fixture.js";

const draws = vi.hoisted(() => ({ next: [] as string[] }));

vi.mock("../../src/services/accounts/names.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/services/accounts/names.js")>();
  return { ...actual, generateEntityId: () => draws.next.shift() ?? actual.generateEntityId() };
});

let w: DeletionWorld;
beforeEach(() => {
  draws.next = [];
});
afterEach(() => w?.close());

describe("entity IDs of deleted accounts", () => {
  it("are never drawn again, before or after the tombstone is purged", async () => {
    w = makeDeletionWorld();
    draws.next.push("1RETIRED0");
    const first = await w.member("Firstly");
    expect(w.account("Firstly").id).toBe("1RETIRED0");
    await w.ns(first, `DROP Firstly ${PASSWORD}`);
    await w.ns(first, `DROP Firstly ${PASSWORD} ${String(w.lastMail("account_deletion_confirm").data.code)}`);
    expect(w.domain.deletion.tombstone("1RETIRED0")).toBeDefined();

    draws.next.push("1RETIRED0", "2FRESHID0");
    await w.member("Secondly");
    expect(w.account("Secondly").id).toBe("2FRESHID0");

    await w.advance(3 * YEAR);
    expect(w.domain.deletion.tombstone("1RETIRED0")).toBeUndefined();
    draws.next.push("1RETIRED0", "3FRESHID0");
    await w.member("Thirdly");
    expect(w.account("Thirdly").id).toBe("3FRESHID0");
    expect(draws.next).toEqual([]);
  });
});

describe("entity IDs of accounts dropped outside a deletion case", () => {
  /** Registers a new member while the allocator draws the old ID first: the member must get the fresh one. */
  async function registersFresh(old: string, fresh: string, nick: string): Promise<void> {
    expect(w.domain.accounts.byId(old)).toBeUndefined();
    draws.next.push(old, fresh);
    await w.member(nick);
    expect(w.account(nick).id).toBe(fresh);
    expect(draws.next).toEqual([]);
    expect(w.domain.deletion.isRetired(old)).toBe(true);
  }

  it("retires the ID of an account dropped by account expiry", async () => {
    w = makeDeletionWorld();
    draws.next.push("1EXPIRED0");
    const idle = await w.member("Idle");
    w.domain.accounts.userQuit(idle.uid);
    w.net.quit(idle.uid);
    w.clock.advance(4 * YEAR);
    const report = await accountExpiryLoop(w.domain.expiry).run(w.services as Services);
    expect(report.details).toMatchObject({ dropped: 1 });
    await registersFresh("1EXPIRED0", "2FRESHID0", "Newcomer");
  });

  it("retires the ID of an unverified NickServ registration dropped after the verification window", async () => {
    w = makeDeletionWorld();
    draws.next.push("1UNVERIF0");
    const u = w.user("Hasty");
    const r = await w.domain.accounts.register({ ...u, displayHost: u.displayHost }, PASSWORD, "hasty@example.com");
    expect(r.ok).toBe(true);
    expect(w.account("Hasty")).toMatchObject({ id: "1UNVERIF0", status: "unverified" });
    w.clock.advance(3 * DAY);
    const report = await unverifiedAccountsLoop.run(w.services as Services);
    expect(report.changed).toBe(1);
    await registersFresh("1UNVERIF0", "2FRESHID0", "Newcomer");
  });

  it("retires the ID of an account X2 made, dropped with its unverified channel", async () => {
    w = makeDeletionWorld();
    draws.next.push("1X2MADE00");
    const u = w.user("Owner");
    w.net.join("#pending", u.uid, { op: true });
    await w.x2(u, "REGISTER #pending owner@example.com");
    expect(w.account("Owner")).toMatchObject({ id: "1X2MADE00", origin: "x2", status: "unverified" });
    w.clock.advance(3 * DAY);
    const report = await channelVerifyExpiryLoop(w.domain.channels).run(w.services as Services);
    expect(report.details).toMatchObject({ dropped: 1 });
    await registersFresh("1X2MADE00", "2FRESHID0", "Newcomer");
  });
});

describe("migration 0018", () => {
  it("retires the IDs of accounts dropped before it, as the audit log records them", () => {
    const dir = mkdtempSync(join(tmpdir(), "custodian-0018-"));
    const files = readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith(".sql")).sort();
    const db = openDatabase(":memory:");
    try {
      for (const f of files.filter((f) => f < "0018")) copyFileSync(join(defaultMigrationsDir(), f), join(dir, f));
      expect(migrate(db, dir).version).toBe(17);
      db.prepare(
        `INSERT INTO accounts (id, name, name_key, password_hash, email, email_canonical, status, origin, created_at, last_seen_at)
         VALUES ('1LIVING00', 'Living', 'living', 'x', 'l@example.com', 'l@example.com', 'active', 'nickserv', 1, 1)`,
      ).run();
      const audit = db.prepare("INSERT INTO audit_log (at, actor, action, target) VALUES (?, 'system', ?, ?)");
      audit.run(100, "account.expired", "1EXPIRED0");
      audit.run(101, "account.drop", "1EXPIRED0");
      audit.run(200, "account.drop", "1UNVERIF0");
      audit.run(300, "account.noexpire", "1LIVING00");
      audit.run(400, "channel.drop", "#chan");

      copyFileSync(join(defaultMigrationsDir(), "0018_retire_dropped_entity_ids.sql"), join(dir, "0018_retire_dropped_entity_ids.sql"));
      expect(migrate(db, dir).applied).toEqual(["0018_retire_dropped_entity_ids.sql"]);
      expect(db.prepare("SELECT entity_id, retired_at FROM retired_entity_ids ORDER BY entity_id").all()).toEqual([
        { entity_id: "1EXPIRED0", retired_at: 100 },
        { entity_id: "1UNVERIF0", retired_at: 200 },
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("migration 0019", () => {
  it("keeps the Atheme ID of accounts retired before it, from the audit row of their import", () => {
    const dir = mkdtempSync(join(tmpdir(), "custodian-0019-"));
    const files = readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith(".sql")).sort();
    const db = openDatabase(":memory:");
    try {
      for (const f of files.filter((f) => f < "0019")) copyFileSync(join(defaultMigrationsDir(), f), join(dir, f));
      expect(migrate(db, dir).version).toBe(18);
      const retire = db.prepare("INSERT INTO retired_entity_ids (entity_id, retired_at) VALUES (?, ?)");
      retire.run("1IMPORTED", 500);
      retire.run("1NATIVE00", 600);
      const audit = db.prepare("INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, 'import', ?, ?, ?)");
      audit.run(10, "account.import", "1IMPORTED", JSON.stringify({ legacyId: "AAAAAAAAB", source: "atheme" }));
      audit.run(11, "account.import", "1STILLHER", JSON.stringify({ legacyId: "AAAAAAAAC", source: "atheme" }));
      audit.run(12, "account.import", "1NATIVE00", JSON.stringify({ legacyId: null, source: "atheme" }));

      copyFileSync(join(defaultMigrationsDir(), "0019_retired_legacy_ids.sql"), join(dir, "0019_retired_legacy_ids.sql"));
      expect(migrate(db, dir).applied).toEqual(["0019_retired_legacy_ids.sql"]);
      expect(db.prepare("SELECT entity_id, legacy_id, legacy_source FROM retired_entity_ids ORDER BY entity_id").all()).toEqual([
        { entity_id: "1IMPORTED", legacy_id: "AAAAAAAAB", legacy_source: "atheme" },
        { entity_id: "1NATIVE00", legacy_id: null, legacy_source: null },
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
