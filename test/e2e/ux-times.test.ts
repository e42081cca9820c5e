/**
 * Times users read (issue 19), over a real InspIRCd with real SMTP delivery:
 * - the nick expiry warning mail says the real time left and the date;
 * - X2 (ACCESS LIST, INFO) and NickServ INFO agree on "last seen": now while the owner is logged
 *   in and in the channel, and the same moment once they left;
 * - mail arrives as readable text (7bit, long lines unbroken), not quoted-printable;
 * - a clean shutdown writes "seen" for every logged-in user.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUtcMinute } from "../../src/util/duration.js";
import { startStack, type Stack } from "./harness/stack.js";
import { ask, quitAndEnd, registerVerified } from "./ux-helpers.js";

const MINUTE = 60_000;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    sections: {
      mail: 'delay = "0"',
      // The report: a short test expiry, warned 3 minutes before.
      nickserv: 'nick_expire = "10m"\nnick_expire_warning = "3m"',
      flood: "messages = 40",
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

const accounts = () => stack.app.services.accounts;

describe("times and last seen", () => {
  it("the nick expiry warning mail says the real time left and the date", async () => {
    const { client, eid } = await registerVerified(stack, "Wendy", "wendy-pass-1", "wendy@example.org");
    await quitAndEnd(stack, client, eid);
    const seenAt = accounts().byId(eid)!.lastSeenAt;
    // Seven minutes after Wendy left, three before her nicks expire.
    stack.clock.advance(seenAt + 7 * MINUTE - stack.clock.now());
    await stack.app.maintenance.runOnce();
    await stack.deliverMail();
    const mail = await stack.smtp.waitFor((m) => m.to.includes("wendy@example.org") && m.subject.includes("expire"), 10_000);
    const date = formatUtcMinute(seenAt + 10 * MINUTE);
    expect(mail.subject).toBe(`TestNet: the nicknames of Wendy expire in 3 minutes (${date})`);
    expect(mail.text).toContain(`nicknames expire in 3 minutes (${date}). To keep them, log in before then:`);
  });

  it("X2 and NickServ agree on last seen: now while the owner is logged in and in the channel, then the same moment", async () => {
    const { client: olive } = await registerVerified(stack, "Olive", "olive-pass-1", "olive@example.org");
    await olive.join("#olive");
    olive.say("X2", "REGISTER #olive olive@example.org");
    await olive.waitNotice("X2", (t) => t.includes("is registered to your account Olive and is active"));
    // A quarter of an hour in the channel, no maintenance run in between.
    stack.clock.advance(15 * MINUTE);
    const viewer = await stack.connect("Viewer");
    const access = await ask(viewer, "X2", "ACCESS #olive LIST", (t) => t === "End of access list.");
    expect(access).toContain("  500 owner    Olive  last seen now (logged in, in the channel)");
    const x2Info = await ask(viewer, "X2", "INFO #olive", (t) => t.startsWith("  Access list:"));
    expect(x2Info).toContain("  Last visit:   now (someone with access is in the channel)");
    const nsInfo = await ask(viewer, "NickServ", "INFO Olive", (t) => t === "*** End of Info ***");
    expect(nsInfo.find((l) => l.startsWith("Last seen"))).toMatch(/^Last seen +: now \(logged in\)$/);

    const eid = accounts().resolve("Olive")!.id;
    await quitAndEnd(stack, olive, eid);
    const left = formatUtcMinute(accounts().byId(eid)!.lastSeenAt);
    stack.clock.advance(10 * MINUTE);
    // Ten minutes by the services' clock, and the real time the questions take (seconds at most).
    const ago = "\\(10m(\\d+s)? ago\\)";
    const after = await ask(viewer, "X2", "ACCESS #olive LIST", (t) => t === "End of access list.");
    expect(after.find((l) => l.includes(" Olive "))).toMatch(new RegExp(`^ {2}500 owner {4}Olive {2}last seen ${left} ${ago}$`));
    const nsAfter = await ask(viewer, "NickServ", "INFO Olive", (t) => t === "*** End of Info ***");
    expect(nsAfter.find((l) => l.startsWith("Last seen"))).toMatch(new RegExp(`^Last seen +: ${left} ${ago}$`));
    const infoAfter = await ask(viewer, "X2", "INFO #olive", (t) => t.startsWith("  Access list:"));
    expect(infoAfter.find((l) => l.includes("Last visit"))).toMatch(new RegExp(`^ {2}Last visit: {3}${left} ${ago}$`));
  });

  it("mail arrives as readable text: 7bit, long lines unbroken", async () => {
    const reader = await stack.connect("Reader");
    await reader.join("#reader");
    reader.say("X2", "REGISTER #reader reader@example.org");
    await reader.waitNotice("X2", (t) => t.includes("An account named Reader was created for you"));
    const mail = await stack.smtp.waitFor((m) => m.to.includes("reader@example.org"), 10_000);
    const body = mail.raw.slice(mail.raw.indexOf("\r\n\r\n"));
    expect(mail.raw).toMatch(/\r\nContent-Transfer-Encoding: 7bit\r\n/);
    expect(mail.raw).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    // Over 76 characters: nodemailer's composer used to break it with quoted-printable.
    expect(body).toContain("\r\nThe channel stays unverified until you log in to that account. Within 2d, type this on IRC:\r\n");
    expect(body).toMatch(/\r\n {2}\/msg NickServ IDENTIFY Reader \S+\r\n/);
    expect(body).not.toMatch(/=\r\n|=3D/);
    expect(mail.bodyParameter).toBeNull();
    expect(mail.text).toContain("The channel stays unverified until you log in to that account. Within 2d, type this on IRC:\n");
  });

  // Last: it stops the services.
  it("a clean shutdown writes seen for every logged-in user", async () => {
    const { eid } = await registerVerified(stack, "Stay", "stay-pass-1", "stay@example.org");
    const loggedInAt = accounts().byId(eid)!.lastSeenAt;
    // Forty minutes online: within the hour the periodic refresh waits.
    stack.clock.advance(40 * MINUTE);
    expect(accounts().byId(eid)!.lastSeenAt).toBe(loggedInAt);
    const before = stack.clock.now();
    await stack.app.stop("planned restart");
    const after = stack.clock.now();
    const db = new Database(stack.config.database.path, { readonly: true });
    try {
      const row = db.prepare("SELECT last_seen_at FROM accounts WHERE id = ?").get(eid) as { last_seen_at: number };
      expect(row.last_seen_at).toBeGreaterThanOrEqual(before);
      expect(row.last_seen_at).toBeLessThanOrEqual(after);
    } finally {
      db.close();
    }
  });
});
