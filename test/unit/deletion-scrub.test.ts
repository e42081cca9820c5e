/**
 * Nothing left behind (issue 18): after execution, no text column of any table of the database
 * file holds the deleted accounts' names (current, original, degraded, grouped, expired) or
 * addresses; and the scrub's matcher replaces whole names only.
 */
import { afterEach, describe, expect, it } from "vitest";
import { personalMatcher } from "../../src/services/lifecycle/deletion/scrub.js";
import { DAY, HOUR, textsContaining as findTexts } from "../support.js";
import { makeDeletionWorld, type DeletionWorld } from "./deletion-fixture.js";

let w: DeletionWorld;
afterEach(() => w?.close());

describe("the scrub's matcher", () => {
  const m = personalMatcher({ names: ["Tom", "To[m]my", "1AAAAABD5-Tom"], emails: ["tom.box@example.net"] }, { name: "1AAAAABD5", email: "a20260101.1.1@deleted.invalid" });

  it("replaces whole names as IRC compares them, in prose, masks, JSON and their degraded form", () => {
    expect(m.replace("asked by tom.")).toBe("asked by 1AAAAABD5.");
    // The ident before an @ is left: it reads like a mailbox (the account's own entries lose their masks instead).
    expect(m.replace("Tom!tom@host.example")).toBe("1AAAAABD5!tom@host.example");
    expect(m.replace('{"name":"TOM","nicks":["to{M}MY"]}')).toBe('{"name":"1AAAAABD5","nicks":["1AAAAABD5"]}');
    expect(m.replace("renamed 1AAAAABD5-Tom")).toBe("renamed 1AAAAABD5");
    expect(m.replace("001AAAA01:Tom")).toBe("001AAAA01:1AAAAABD5");
  });

  it("leaves longer nicks, channel names, hosts and other addresses alone", () => {
    for (const text of ["Tommy", "Tom_", "#tom", "tom.example.org", "x@tom.net", "tom@other.example", "Atom"]) expect(m.replace(text)).toBe(text);
  });

  it("tells a text about the account: one of its names, or holding its entity ID or an address", () => {
    for (const text of ["Tom", " to{m}MY ", "1AAAAABD5", '{"account":"1aaaaabd5"}', "1AAAAABD5-Tom", "<TOM.box@example.net>"]) expect(m.about(text)).toBe(true);
    for (const text of ["talked to Tom", "Tommy", "11AAAAABD5", "tom@other.example"]) expect(m.about(text)).toBe(false);
    expect(m.replaceAddresses("Tom <tom.box@example.net>")).toBe("Tom <a20260101.1.1@deleted.invalid>");
  });

  it("replaces addresses as a whole, in any case, also inside SMTP replies", () => {
    expect(m.replace("550 5.1.1 <Tom.Box@Example.NET>: unknown")).toBe("550 5.1.1 <a20260101.1.1@deleted.invalid>: unknown");
    expect(m.replace("xtom.box@example.net")).toBe("xtom.box@example.net");
    expect(m.replace("tom.box@example.network")).toBe("tom.box@example.network");
  });
});

describe("nothing left behind", () => {
  it("leaves no name or address of the deleted accounts in any text column of the database file", async () => {
    w = makeDeletionWorld({ file: true });
    const oper = await w.member("StaffOne");
    const quill = await w.member("Quillon", "quillon.box@example.net");
    const q = w.account("Quillon");
    (w.config.opers as Record<string, string>)[q.id] = "admin";

    // Its nicks, a certificate, a pending address change, an X2 registration with its address.
    w.net.rename(quill.uid, "QuillonAway");
    expect(w.domain.accounts.group(q.id, "QuillonAway", q.id).ok).toBe(true);
    w.net.rename(quill.uid, "Quillon");
    expect(w.domain.accounts.requestEmailChange(q.id, "quillon.new@example.org", q.id).ok).toBe(true);
    w.net.join("#snacks", quill.uid, { op: true });
    await w.x2(quill, "REGISTER #snacks quillon.box@example.net");
    expect(w.domain.channels.live("#snacks")?.ownerId).toBe(q.id);
    // A registration with the new address that is never verified: dropped, its address on the failed list.
    w.net.join("#crumbs", quill.uid, { op: true });
    await w.x2(quill, "REGISTER #crumbs quillon.new@example.org");
    w.clock.advance(49 * HOUR);
    for (const record of w.domain.channels.expiry.dueVerification().unverified) w.domain.channels.expiry.dropUnverified(record);
    expect(w.db.prepare("SELECT count(*) AS n FROM failed_verifications").get()).toEqual({ n: 1 });

    // What it did as staff: a mark, a review note and decision, a blacklist entry.
    const other = await w.member("Othmar");
    w.net.join("#other", other.uid, { op: true });
    await w.member("Reggie");
    const reggie = w.net.user("Reggie")!;
    w.net.join("#stuffed", reggie.uid, { op: true });
    const operQ = { id: q.id, name: q.name };
    expect(w.domain.accounts.addMark(w.account("Othmar").id, operQ, "spoke with Quillon about this").ok).toBe(true);
    expect(w.domain.blacklist.add("*@spam.example", null, "seen by Quillon", operQ).ok).toBe(true);
    await w.x2(reggie, `REGISTER #stuffed ${w.account("Reggie").email}`);
    const stuffed = w.domain.channels.live("#stuffed")!;
    expect(w.domain.channels.note(stuffed.id, operQ, "Quillon checked it").ok).toBe(true);
    // Mail to it that a server refused for good, with the address in the reply.
    const refused = w.mail.queue("channel_rejected", "quillon.box@example.net", { channel: "#x", reason: "test" }).id;
    w.mail.outbox.markSending(refused);
    w.mail.outbox.markFailed(refused, "550 5.1.1 <quillon.box@example.net>: mailbox unavailable", { permanent: true });

    // A second account of the same person, degraded: its nicks are expired nicks, its name is <id>-QuillonOld.
    await w.member("QuillonOld", "quillon.old@example.net");
    const old = w.domain.expiry.degrade(w.account("QuillonOld"), w.clock.now());
    expect(old.name).toBe(`${old.id}-QuillonOld`);
    w.deliverMail();

    const names = ["Quillon", "QuillonAway", "QuillonOld"];
    const emails = ["quillon.box@example.net", "quillon.new@example.org", "quillon.old@example.net"];
    expect(findTexts(w.db, [...names, ...emails]).length).toBeGreaterThan(20);

    const opened = await w.os(oper, `DELETE Quillon,?${old.id} one person's accounts, asked by mail`);
    const number = /a\d{8}\.\d+/.exec(opened[0] ?? "")?.[0] as string;
    await w.os(oper, `CASE RULE ${number} staff@1 revoke`);
    await w.advance(14 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("executed");
    // The last mails carry the addresses until they leave; then they forget them too.
    expect(w.mails("account_deletion_done").map((m) => m.recipient).sort()).toEqual(["quillon.box@example.net", "quillon.old@example.net"]);
    expect(w.deliverMail()).toBeGreaterThanOrEqual(2);
    await w.runLoops();

    expect(findTexts(w.db, [...names, ...emails, old.name])).toEqual([]);
    // Referring to the entity IDs instead: the note, the mark, the blacklist entry, the failed list.
    expect(w.db.prepare("SELECT oper, text FROM channel_notes").get()).toEqual({ oper: q.id, text: `${q.id} checked it` });
    expect(w.db.prepare("SELECT oper, text FROM account_marks").get()).toEqual({ oper: q.id, text: `spoke with ${q.id} about this` });
    expect(w.db.prepare("SELECT setter FROM email_blacklist").get()).toEqual({ setter: q.id });
    expect(w.db.prepare("SELECT email FROM failed_verifications").get()).toEqual({ email: `${number}.1@deleted.invalid` });
    expect(w.db.prepare("SELECT recipient FROM mail_outbox WHERE id = ?").get(refused)).toEqual({ recipient: `${number}.1@deleted.invalid` });
    // Unrelated rows kept their text.
    expect(w.account("Othmar").name).toBe("Othmar");
    expect(w.domain.channels.live("#stuffed")?.name).toBe("#stuffed");
    // The scrub is audited, with counts only.
    const scrubbed = w.db.prepare<[string], { details: string }>("SELECT details FROM audit_log WHERE action = 'deletion.scrubbed' AND target = ?").get(number);
    expect(JSON.parse(scrubbed!.details).rows.audit_log).toBeGreaterThan(5);
    expect(w.db.pragma("foreign_key_check")).toEqual([]);
  });
});

describe("a name that is a common word", () => {
  it("is replaced in the rows about the deleted account only, not in other rows' free text", async () => {
    w = makeDeletionWorld();
    const oper = await w.member("StaffOne");
    const staff = { id: w.account("StaffOne").id, name: "StaffOne" };
    await w.member("the", "word.owner@example.net");
    const the = w.account("the");
    await w.member("Othmar");
    const note = "the member asked about the rules";
    expect(w.domain.accounts.addMark(w.account("Othmar").id, staff, note).ok).toBe(true);

    const opened = await w.os(oper, "DELETE the asked by mail");
    const number = /a\d{8}\.\d+/.exec(opened[0] ?? "")?.[0] as string;
    await w.advance(14 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("executed");
    w.deliverMail();
    await w.runLoops();

    // Someone else's note keeps its words, and so does its audit row.
    expect(w.db.prepare("SELECT text FROM account_marks").pluck().all()).toEqual([note]);
    expect(w.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'account.mark.add' AND details LIKE ?").pluck().get(`%${note}%`)).toBe(1);
    // The rows about the account lost its name; its address is gone from every row.
    const about = w.db.prepare("SELECT actor, target, details FROM audit_log WHERE actor LIKE @id OR target = @exact OR details LIKE @id").all({ id: `%${the.id}%`, exact: the.id }) as unknown[];
    expect(about.length).toBeGreaterThan(3);
    expect(JSON.stringify(about)).not.toMatch(/(?<![A-Za-z0-9])the(?![A-Za-z0-9])/i);
    expect(findTexts(w.db, ["word.owner@example.net"])).toEqual([]);
  });
});

describe("bans on a deleted account's address", () => {
  it("outlive the account, kept by the address's hash, and staff still lift them by the address or the pseudonym", async () => {
    w = makeDeletionWorld({ file: true });
    const oper = await w.member("StaffOne");
    const staff = { id: w.account("StaffOne").id, name: "StaffOne" };
    await w.member("Spammer", "Spam.Mer@Example.net");
    // A staff ban on exactly its address, one on a whole domain, and a failed verification of a variant.
    expect(w.domain.blacklist.add("spam.mer@example.net", null, "sent spam", staff).ok).toBe(true);
    expect(w.domain.blacklist.add("*@spam.example", null, "a spam domain", staff).ok).toBe(true);
    w.domain.failedVerifications.add("spam.mer+x@example.net", "#spam", w.clock.now());

    const opened = await w.os(oper, "DELETE Spammer sent spam");
    const number = /a\d{8}\.\d+/.exec(opened[0] ?? "")?.[0] as string;
    await w.advance(14 * DAY);
    expect(w.domain.deletion.get(number)?.state).toBe("executed");
    w.deliverMail();
    await w.runLoops();

    const addresses = ["spam.mer@example.net", "spam.mer+x@example.net"];
    expect(findTexts(w.db, addresses)).toEqual([]);
    // The bans still refuse the address, in any spelling the plain entries refused.
    expect(w.domain.blacklist.match("Spam.Mer@example.net")).toMatchObject({ reason: "sent spam", setter: "StaffOne" });
    expect(w.domain.blacklist.match("spam.mer+y@example.net")?.reason).toBe("sent spam");
    expect(w.domain.blacklist.match("other@example.net")).toBeUndefined();
    expect(w.domain.registrationPolicy.blacklistHit("spam.mer@example.net")).toMatchObject({ source: "oper" });
    expect(w.domain.failedVerifications.has("SPAM.MER@example.net")).toBe(true);
    expect(w.domain.blacklist.get("*@spam.example")?.reason).toBe("a spam domain");
    const tested = await w.os(oper, "BLACKLIST TEST spam.mer@example.net");
    expect(tested[0]).toMatch(/^Matches sha256:[0-9a-f]{64} \(a deleted account's address, kept as its hash\) {2}set by StaffOne .*: sent spam$/);
    expect(tested[1]).toContain("is on the failed-verification list: #spam was dropped unverified");

    // Staff lift them: the blacklist entry by the address, the failed entry as FAILED LIST shows it.
    expect(await w.os(oper, "BLACKLIST DEL spam.mer@example.net")).toEqual(["Removed spam.mer@example.net from the email blacklist."]);
    expect(w.domain.blacklist.match("spam.mer@example.net")).toBeUndefined();
    expect((await w.os(oper, `FAILED DEL ${number}.1@deleted.invalid`))[0]).toContain("Cleared");
    expect(w.domain.failedVerifications.has("spam.mer@example.net")).toBe(false);
    // Lifting them wrote the address nowhere.
    expect(findTexts(w.db, addresses)).toEqual([]);
  });
});
