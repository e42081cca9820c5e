/**
 * Looking at deletion cases (CASE LIST open|held, CASE SHOW) only reads: the stored checklists are
 * written when the case is opened and, when they changed, at execution, with an audit record.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OnlineUser } from "../../src/services/ports.js";
import { DAY } from "../support.js";
import { makeDeletionWorld, type DeletionWorld } from "./deletion-fixture.js";

let w: DeletionWorld;
afterEach(() => w?.close());

function caseNumberIn(text: string): string {
  const number = /a\d{8}\.\d+/.exec(text)?.[0];
  if (!number) throw new Error(`no case number in: ${text}`);
  return number;
}

/** What a write anywhere in the database would change: the connection's change count, the stored checklists, the audit log. */
function snapshot(): { changes: number; checklists: unknown[]; audit: number } {
  return {
    changes: w.db.prepare<[], { n: number }>("SELECT total_changes() AS n").get()?.n ?? -1,
    checklists: w.db.prepare("SELECT case_number, k, checklist, checked_at FROM deletion_case_accounts ORDER BY case_number, k").all(),
    audit: w.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM audit_log").get()?.n ?? -1,
  };
}

/** Two open cases, one held; then each account gains access elsewhere, so its checklist now differs from the stored one. */
async function casesWithStaleChecklists(): Promise<{ oper: OnlineUser; open: string; held: string }> {
  const oper = await w.member("StaffOne");
  const other = await w.founder("Olga", "#elsewhere");
  await w.member("Hugo");
  await w.member("Ines");
  const open = caseNumberIn((await w.os(oper, "DELETE Hugo asked by mail"))[0] ?? "");
  const held = caseNumberIn((await w.os(oper, "DELETE Ines asked by mail"))[0] ?? "");
  expect((await w.os(oper, `CASE HOLD ${held} the member wrote to object`))[0]).toMatch(/is held/);
  for (const nick of ["Hugo", "Ines"]) expect((await w.x2(other, `ADDUSER #elsewhere ${nick} op`))[0]).toMatch(/now has/);
  w.clock.advance(DAY);
  return { oper, open, held };
}

describe("looking at deletion cases", () => {
  it("CASE LIST open and held, and CASE SHOW, leave the database unchanged", async () => {
    w = makeDeletionWorld();
    const { oper, open, held } = await casesWithStaleChecklists();
    const before = snapshot();

    expect((await w.os(oper, "CASE LIST open")).join("\n")).toContain(open);
    expect((await w.os(oper, "CASE LIST held")).join("\n")).toContain(held);
    expect((await w.os(oper, "CASE LIST")).join("\n")).toContain(open);
    // CASE SHOW shows the checklist as it stands now, access on #elsewhere included, without storing it.
    expect((await w.os(oper, `CASE SHOW ${open}`)).join("\n")).toContain("#elsewhere");
    expect((await w.os(oper, `CASE SHOW ${held}`)).join("\n")).toContain("#elsewhere");
    // The deletion loop finds nothing due (the window runs 14 days) and writes nothing either.
    await w.runLoops();

    expect(snapshot()).toEqual(before);
  });

  it("stores a checklist that changed when the case is carried out, with an audit record", async () => {
    w = makeDeletionWorld();
    const { open } = await casesWithStaleChecklists();
    const hugo = w.account("Hugo");
    const stored = w.domain.deletion.get(open)?.accounts[0]?.checklist ?? [];
    expect(stored.some((i) => i.kind === "access")).toBe(false);

    await w.advance(30 * DAY);
    expect(w.domain.accounts.byId(hugo.id)).toBeUndefined();
    const kept = w.domain.deletion.get(open)?.accounts[0]?.checklist ?? [];
    expect(kept).toContainEqual(expect.objectContaining({ kind: "access", channel: "#elsewhere" }));
    const records = w.db
      .prepare<[string], { action: string; details: string }>("SELECT action, details FROM audit_log WHERE target = ? ORDER BY id")
      .all(open);
    const changed = records.filter((r) => r.action === "deletion.checklist");
    expect(changed).toHaveLength(1);
    expect(JSON.parse(changed[0]?.details ?? "{}")).toMatchObject({ k: 1, items: kept });
    expect(records.map((r) => r.action).indexOf("deletion.checklist")).toBeLessThan(records.map((r) => r.action).indexOf("deletion.executed"));
  });
});
