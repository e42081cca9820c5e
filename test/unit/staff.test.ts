import { describe, expect, it } from "vitest";
import { AuditLog } from "../../src/services/audit.js";
import { StaffDirectory } from "../../src/services/staff-directory.js";
import { ALL_PRIVILEGES, operClassOf } from "../../src/config/schema.js";
import { ManualClock } from "../../src/util/clock.js";
import { memoryDb, testConfig } from "../support.js";

const OPERS = `
[oper_classes.helper]
privileges = ["review"]

[opers]
Alice = "admin"
"{Bob}" = "helper"
1CAROL001 = "admin"
"?2DAVE0002" = "helper"
`;

function directory(toml = OPERS) {
  const db = memoryDb();
  const clock = new ManualClock();
  const audit = new AuditLog(db, clock);
  return { staff: new StaffDirectory(db, testConfig(toml), clock, audit), audit, db };
}

describe("[opers] keys", () => {
  it("accepts entity IDs as keys, bare or with ?, and binds the class to that account whatever its name", () => {
    const config = testConfig(OPERS);
    expect(operClassOf(config, { id: "1CAROL001", name: "Carol" })).toBe("admin");
    expect(operClassOf(config, { id: "1CAROL001", name: "1CAROL001-Carol" })).toBe("admin");
    expect(operClassOf(config, { id: "2DAVE0002", name: "Anything" })).toBe("helper");
    // A name key never matches an entity ID, nor an entity-ID key a name.
    expect(operClassOf(config, { id: "1ZZZZZZZZ", name: "1CAROL001" })).toBeUndefined();
  });

  it("refuses two keys for one entity ID", () => {
    expect(() => testConfig('[opers]\n1CAROL001 = "admin"\n"?1carol001" = "admin"\n')).toThrow(/names the same account/);
  });
});

describe("StaffDirectory", () => {
  it("gives a name key's class only to the account the name was bound to, and never to a later holder of the name", () => {
    const { staff, audit } = directory();
    const alice = { id: "1ALICE001", name: "Alice" };
    expect(staff.claim(alice)).toBe(true);
    expect(audit.forTarget("1ALICE001")[0]).toMatchObject({ action: "staff.name_bound", details: { name: "Alice" } });
    expect(staff.classOf(alice)).toEqual({ cls: "admin", via: "name", key: "Alice" });
    expect(staff.privilegesOf(alice)).toEqual(new Set(ALL_PRIVILEGES));
    // A stranger who ends up named Alice (the binding outlives the account) gets nothing,
    // and the name is reserved for the account it was bound to.
    const stranger = { id: "1STRANGE1", name: "alice" };
    expect(staff.claim(stranger)).toBe(false);
    expect(staff.classOf(stranger)).toBeUndefined();
    expect(staff.privilegesOf(stranger)).toEqual(new Set());
    expect(staff.reservedFor("ALICE")).toBe("1ALICE001");
  });

  it("binds a listed name to the first account looked at that holds it (an imported one, say)", () => {
    const { staff } = directory();
    expect(staff.classOf({ id: "1ALICE001", name: "Alice" })).toEqual({ cls: "admin", via: "name", key: "Alice" });
    expect(staff.binding("alice")).toMatchObject({ accountId: "1ALICE001" });
    expect(staff.classOf({ id: "1LATER001", name: "Alice" })).toBeUndefined();
  });

  it("folds names as IRC does and leaves unlisted names alone", () => {
    const { staff } = directory();
    expect(staff.claim({ id: "1BOB00001", name: "[bob]" })).toBe(true);
    expect(staff.classOf({ id: "1BOB00001", name: "[BOB]" })).toMatchObject({ cls: "helper", via: "name" });
    expect(staff.privilegesOf({ id: "1BOB00001", name: "[bob]" })).toEqual(new Set(["review"]));
    expect(staff.claim({ id: "1EVE00001", name: "Eve" })).toBe(false);
    expect(staff.reservedFor("Eve")).toBeUndefined();
    expect(staff.reservedFor("Alice")).toBeUndefined(); // listed, not bound yet: the first holder gets it
  });

  it("reserves a bound name only while it is listed", () => {
    const { db } = directory();
    const clock = new ManualClock();
    const first = new StaffDirectory(db, testConfig(OPERS), clock, new AuditLog(db, clock));
    first.claim({ id: "1ALICE001", name: "Alice" });
    const unlisted = new StaffDirectory(db, testConfig('[opers]\n1CAROL001 = "admin"\n'), clock, new AuditLog(db, clock));
    expect(unlisted.reservedFor("Alice")).toBeUndefined();
    expect(unlisted.classOf({ id: "1ALICE001", name: "Alice" })).toBeUndefined();
  });

  it("binds at start-up the listed names that existing accounts hold", () => {
    const { staff } = directory();
    const accounts = new Map([["alice", { id: "1ALICE001", name: "Alice" }]]);
    const made = staff.bindExisting((name) => accounts.get(name.toLowerCase()));
    expect(made).toMatchObject([{ nameKey: "alice", accountId: "1ALICE001" }]);
    expect(staff.bindExisting((name) => accounts.get(name.toLowerCase()))).toEqual([]);
  });

  it("entity-ID keys need no binding", () => {
    const { staff } = directory();
    expect(staff.classOf({ id: "1CAROL001", name: "Whatever" })).toEqual({ cls: "admin", via: "entity ID", key: "1CAROL001" });
    expect(staff.classOf({ id: "2DAVE0002", name: "Dave" })).toEqual({ cls: "helper", via: "entity ID", key: "?2DAVE0002" });
  });
});
