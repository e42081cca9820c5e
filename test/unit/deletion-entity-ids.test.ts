/**
 * A deleted account's entity ID is never given to another account (issue 18), even after its
 * tombstone is purged: registration draws again when the ID drawn is retired.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { YEAR } from "../support.js";
import { makeDeletionWorld, PASSWORD, type DeletionWorld } from "./deletion-fixture.js";

const draws = vi.hoisted(() => ({ next: [] as string[] }));

vi.mock("../../src/services/accounts/names.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/services/accounts/names.js")>();
  return { ...actual, generateEntityId: () => draws.next.shift() ?? actual.generateEntityId() };
});

let w: DeletionWorld;
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
