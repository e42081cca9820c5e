/**
 * Accounts imported from Atheme inside the accounts domain: their Atheme password hash works at
 * login and is replaced by scrypt, `?<Atheme ID>` names them, and INFO shows the ID to the owner
 * and to opers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importAtheme } from "../../src/services/import/atheme/index.js";
import { makeWorld, type World } from "./accounts-fixture.js";

const FIXTURE = new URL("../fixtures/atheme/mixed.db", import.meta.url).pathname;

let w: World;
beforeEach(async () => {
  w = makeWorld();
  const report = await importAtheme({ db: w.db, config: w.config, clock: w.clock, file: FIXTURE, dryRun: false, merge: false });
  expect(report.fatal).toBeNull();
});
afterEach(() => w.close());

describe("accounts imported from Atheme", () => {
  it("log in with the Atheme password once, after which the stored hash is scrypt (audited)", async () => {
    const before = w.store.byName("Md5user")?.passwordHash;
    expect(before?.startsWith("$1$")).toBe(true);
    const wrong = await w.accounts.authenticate("Md5user", "not-it", "192.0.2.1");
    expect(wrong.ok).toBe(false);
    expect(w.store.byName("Md5user")?.passwordHash).toBe(before);
    const first = await w.accounts.authenticate("Md5user", "md5-pass-1", "192.0.2.1");
    expect(first.ok).toBe(true);
    const after = w.store.byName("Md5user")?.passwordHash ?? "";
    expect(after.startsWith("scrypt$1024$")).toBe(true);
    const again = await w.accounts.authenticate("Md5user", "md5-pass-1", "192.0.2.1");
    expect(again.ok).toBe(true);
    expect(w.store.byName("Md5user")?.passwordHash).toBe(after);
    const audit = w.audit.forTarget(w.store.byName("Md5user")?.id ?? "");
    expect(audit.find((e) => e.action === "account.password.rehash")?.details).toEqual({ from: "md5-crypt", to: "scrypt" });
  });

  it("are found by ?<Atheme ID> (any case) but not by the bare ID or an unknown one", async () => {
    const alice = w.store.byName("Alice");
    expect(w.accounts.resolve("?AAAAAAAAB")?.id).toBe(alice?.id);
    expect(w.accounts.resolve("?aaaaaaaab")?.id).toBe(alice?.id);
    expect(w.accounts.resolve("AAAAAAAAB")).toBeUndefined();
    expect(w.accounts.resolve("?ZZZZZZZZZ")).toBeUndefined();
    const login = await w.accounts.authenticate("?AAAAAAAAB", "alicepass1", "192.0.2.1");
    expect(login.ok && login.value.account.name).toBe("Alice");
  });

  it("show their Atheme ID in INFO to the owner and to opers, not to others", async () => {
    const alice = w.store.byName("Alice");
    const line = "Atheme ID    : AAAAAAAAB (also ?AAAAAAAAB)";
    const user = w.network.add("Alice");
    w.accounts.login(user.uid, alice!, "identify", false);
    expect(await w.command(user.uid, "INFO")).toContain(line);
    const stranger = await w.registered("Stranger");
    expect((await w.command(stranger.uid, "INFO Alice")).join("\n")).not.toContain("AAAAAAAAB");
    const staff = w.network.add("StaffOne");
    w.accounts.login(staff.uid, w.store.byName("StaffOne")!, "identify", false);
    expect(await w.command(staff.uid, "INFO ?AAAAAAAAB")).toContain(line);
  });
});
