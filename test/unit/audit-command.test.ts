import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { AUDIT_PAGE_SIZE } from "../../src/commands/operserv/audit.js";
import { operservCommands } from "../../src/commands/operserv/index.js";
import { silentLogger } from "../../src/util/logger.js";
import { commandContext, requester } from "../support.js";
import { makeWorld, type World } from "./accounts-fixture.js";

const HOUR = 3_600_000;

describe("OperServ AUDIT", () => {
  let w: World;
  const table = new CommandTable(operservCommands);

  beforeEach(() => {
    w = makeWorld();
  });
  afterEach(() => w.close());

  /** Runs an OperServ command as the logged-in admin StaffOne. */
  async function asStaff(text: string): Promise<string[]> {
    const staff = w.network.users.get(staffUid) ?? (await w.registered("StaffOne"));
    staffUid = staff.uid;
    const { ctx, replies } = commandContext("operserv", requester(staff, w.domain), w.services);
    await dispatch(table, ctx, text, silentLogger());
    return replies;
  }
  let staffUid = "";

  it("lists an account's entries newest first, each with time, actor, action and target", async () => {
    const tom = await w.registered("Tom");
    const id = w.accounts.accountOf(tom.uid)!.id;
    const replies = await asStaff("AUDIT Tom");
    expect(replies[0]).toBe(`Audit log for account Tom (${id}): 2 entries, page 1 of 1, newest first (times UTC):`);
    expect(replies[1]).toBe(`2026-01-01 00:00:00  ${tom.uid}:Tom  account.verify  Tom (${id})  {"how":"code"}`);
    expect(replies[2]).toMatch(new RegExp(`^2026-01-01 00:00:00  ${tom.uid}:Tom  account\\.register  Tom \\(${id}\\)  \\{"name":"Tom"`));
    expect(replies.at(-1)).toBe("End of the audit log.");
    // By entity ID and by ?entity ID alike.
    expect((await asStaff(`AUDIT ?${id}`))[0]).toBe(replies[0]);
  });

  it("pages long logs and tells how to get the next page", async () => {
    const tom = await w.registered("Tom");
    for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++) {
      w.clock.advance(1000);
      w.audit.record({ actor: "system", action: `test.${i}`, target: w.accounts.accountOf(tom.uid)!.id });
    }
    const first = await asStaff("AUDIT Tom");
    expect(first[0]).toContain(`${AUDIT_PAGE_SIZE + 5} entries, page 1 of 2`);
    expect(first[1]).toContain(`test.${AUDIT_PAGE_SIZE + 2}`);
    expect(first.at(-1)).toBe("More: /msg OperServ AUDIT Tom PAGE 2");
    const second = await asStaff("AUDIT Tom PAGE 2");
    expect(second[0]).toContain("page 2 of 2");
    expect(second.slice(1, -1)).toHaveLength(5);
    expect(second.at(-2)).toContain("account.register");
    expect((await asStaff("AUDIT Tom PAGE 3"))).toEqual([`There are ${AUDIT_PAGE_SIZE + 5} entries for account Tom (${w.accounts.accountOf(tom.uid)!.id}): 2 page(s), not 3.`]);
  });

  it("limits to a recent period", async () => {
    const tom = await w.registered("Tom");
    w.clock.advance(48 * HOUR);
    w.audit.record({ actor: "system", action: "recent", target: w.accounts.accountOf(tom.uid)!.id });
    const replies = await asStaff("AUDIT Tom 1d");
    expect(replies[0]).toMatch(/: 1 entries, page 1 of 1/);
    expect(replies[0]).toContain("in the last 1d");
    expect(replies[1]).toContain("recent");
  });

  it("reads a channel's entries and what an oper did", async () => {
    const staff = await w.registered("StaffOne");
    staffUid = staff.uid;
    const staffId = w.accounts.accountOf(staff.uid)!.id;
    w.audit.record({ actor: staffId, action: "channel.approved", target: "#Help" });
    w.audit.record({ actor: "system", action: "channel.dropped", target: "#other" });
    const channel = await asStaff("AUDIT #help");
    expect(channel[0]).toContain("Audit log for #help: 1 entries");
    expect(channel[1]).toContain(`StaffOne (${staffId})  channel.approved  #Help`);
    const oper = await asStaff("AUDIT oper:StaffOne");
    expect(oper[0]).toContain(`Audit log for what StaffOne (${staffId}) did`);
    expect(oper.join("\n")).toContain("channel.approved");
    expect(oper.join("\n")).not.toContain("channel.dropped");
    expect((await asStaff("AUDIT oper:system")).join("\n")).toContain("channel.dropped");
  });

  it("answers clearly when nothing matches or the arguments are wrong", async () => {
    expect(await asStaff("AUDIT #quiet")).toEqual(["No audit entries for #quiet."]);
    expect(await asStaff("AUDIT Nobody")).toEqual([
      "Nobody is not a registered account (give an account name, nick or entity ID, a #channel, or oper:<account>).",
    ]);
    expect((await asStaff("AUDIT #quiet soon"))[0]).toMatch(/^soon is neither a duration \(such as 7d\) nor PAGE <n>/);
    expect((await asStaff("AUDIT #quiet PAGE 0"))[0]).toMatch(/^0 is not a page number/);
    // A dropped account's history is still found by its entity ID.
    expect(await asStaff("AUDIT 1GONEAAAA")).toEqual(["No audit entries for account 1GONEAAAA."]);
  });

  it("is refused to users without the audit privilege", async () => {
    const user = await w.registered("Plain");
    const { ctx, replies } = commandContext("operserv", requester(user, w.domain), w.services);
    await dispatch(table, ctx, "AUDIT #help", silentLogger());
    expect(replies).toEqual(["AUDIT needs the audit privilege, which your account does not have."]);
  });
});
