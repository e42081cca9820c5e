/**
 * Ops that do not qualify an X2 REGISTER, end to end (issue 4): op status that arrives in a
 * server's burst (a netjoin), and any op while the network is split (a server seen within
 * [channels] split_grace is missing). Needs a second InspIRCd linked to the first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startStack, type Stack } from "./harness/stack.js";
import { startSecondIrcd, type SecondIrcd } from "./harness/second-ircd.js";
import { x2 } from "./channels-helpers.js";

const MINUTE = 60_000;

describe("X2 REGISTER across netjoins and netsplits", () => {
  let stack: Stack;
  let second: SecondIrcd;

  beforeAll(async () => {
    stack = await startStack({ sections: { channels: "registrations_per_host_per_day = 1000", flood: "messages = 100" } });
    second = await startSecondIrcd(stack);
  });

  afterAll(async () => {
    await second?.stop();
    await stack?.stop();
  });

  it("refuses an op status that arrived in a server's burst", async () => {
    const joiner = await second.connect("Netjoiner");
    await joiner.join("#netjoin");
    await second.link();
    const uid = stack.app.network.findByNick("Netjoiner")?.uid ?? "";
    const member = await eventually(() => stack.app.network.getChannel("#netjoin")?.members.get(uid), 5000, "#netjoin seen by services");
    expect(member.status.has("o")).toBe(true);
    expect(member.statusFromBurst).toBe(true);
    expect(await x2(joiner, "REGISTER #netjoin joiner@example.org")).toMatch(/^Your op status in #netjoin came from a server joining the network \(a netjoin\), which does not count\./);
    expect(stack.app.services.channels.store.live("#netjoin")).toBeUndefined();
  });

  it("refuses registrations while the network is split, and accepts them after split_grace", async () => {
    const local = await stack.connect("Splitter");
    await local.join("#splitchan");
    await second.split();
    expect(await x2(local, "REGISTER #splitchan splitter@example.org")).toMatch(/^The network is split or was split less than 30m ago \(a server is missing\)/);
    await stack.advance(31 * MINUTE);
    expect(await x2(local, "REGISTER #splitchan splitter@example.org")).toMatch(/^#splitchan is registered but not verified yet\. An account named Splitter was created for you/);
  });
});
