/**
 * OperServ STATS: besides uptime and the link, the figures of the database that its help promises
 * (accounts, channel registrations by state, freezes, open deletion cases).
 */
import { afterEach, describe, expect, it } from "vitest";
import { makeDeletionWorld, PASSWORD, type DeletionWorld } from "./deletion-fixture.js";

let w: DeletionWorld;
afterEach(() => w?.close());

describe("OperServ STATS", () => {
  it("counts accounts, channels by state, freezes and open deletion cases", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    await w.founder("Owner", "#active");
    await w.member("Cold");
    await w.member("Leaver");
    // An unverified account: registered, code not given.
    const newcomer = w.user("Newcomer");
    expect((await w.ns(newcomer, `REGISTER ${PASSWORD} newcomer@example.com`))[0]).toMatch(/is now registered/);
    expect((await w.os(oper, "FREEZE Cold chargeback"))[0]).toMatch(/is frozen/);
    expect((await w.os(oper, "DELETE Leaver asked by mail"))[0]).toMatch(/^Deletion case a\d{8}\.\d+ opened/);

    const replies = await w.os(oper, "STATS");
    expect(replies[0]).toMatch(/^Uptime: \S+; uplink (linked|not linked); memory \d+ MiB\.$/);
    expect(replies.slice(1)).toEqual([
      "Accounts: 5 (1 unverified, 1 frozen).",
      "Channels: 1 active, 0 waiting for their owner to verify them, 0 held for review.",
      "Deletion cases open: 1.",
    ]);
  });
});
