import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import {
  MAIL_TEMPLATES,
  renderMail,
  type MailTemplate,
  type MailTemplateData,
} from "../../src/services/mail/templates.js";

const mail: Config["mail"] = {
  from: "services@example.net",
  transport: "file",
  smtp_url: "",
  dir: "data/mail",
  network_name: "ExampleNet",
  contact: "staff@example.net",
  url: "https://example.net/help",
  blacklist: [],
  delay: 0,
  per_address_per_hour: 3,
  per_hour: 100,
  bulk_share: 0.5,
  retry_base: 60_000,
  max_attempts: 8,
};

const samples: { [K in MailTemplate]: { data: MailTemplateData[K]; expect: string[] } } = {
  account_verify: {
    data: { account: "Tom", code: "K7Q2M9", verifyWindow: "24 hours" },
    expect: ["/msg NickServ VERIFY REGISTER Tom K7Q2M9", "24 hours"],
  },
  email_change_verify: {
    data: { account: "Tom", code: "EC55AA", newEmail: "tom@new.example" },
    expect: ["Tom", "EC55AA", "tom@new.example", "/msg NickServ VERIFY EMAIL Tom EC55AA"],
  },
  password_reset: {
    data: { account: "Tom", code: "RP1234", lifetime: "1 day" },
    expect: ["/msg NickServ RESETPASS Tom RP1234 <newpassword>", "1 day"],
  },
  channel_register_password: {
    data: { channel: "#widgets", account: "Tom", password: "hunter2-Zq8", verifyWindow: "48 hours" },
    expect: [
      "#widgets",
      "unverified",
      "/msg NickServ IDENTIFY Tom hunter2-Zq8",
      "SET PASSWORD",
      "48 hours",
    ],
  },
  channel_verify_code: {
    data: { channel: "#widgets", account: "Tom", code: "CV9876", verifyWindow: "48 hours" },
    expect: ["/msg X2 VERIFY #widgets CV9876", "48 hours", "Tom"],
  },
  channel_rejected: {
    data: { channel: "#widgets", reason: "the name belongs to a project" },
    expect: ["#widgets", "the name belongs to a project"],
  },
  nick_expire_warning: {
    data: { account: "Tom", entityId: "1AAAAABD5", degradedName: "1AAAAABD5-Tom", when: "in 7 days (2026-03-08)" },
    expect: [
      "Tom",
      "1AAAAABD5-Tom",
      "1AAAAABD5",
      "in 7 days (2026-03-08)",
      "/msg NickServ RECLAIM Tom <password> [new name]",
      "/msg NickServ RECLAIM 1AAAAABD5 <password> [new name]",
      "/msg NickServ SET EXPMAIL OFF",
    ],
  },
  nick_expired: {
    data: { account: "Tom", entityId: "1AAAAABD5", degradedName: "1AAAAABD5-Tom" },
    expect: [
      "1AAAAABD5-Tom",
      "1AAAAABD5",
      "/msg NickServ RECLAIM Tom <password> [new name]",
      "/msg NickServ RECLAIM 1AAAAABD5 <password> [new name]",
      "/msg NickServ SET EXPMAIL OFF",
    ],
  },
  account_deletion_confirm: {
    data: { account: "Tom", code: "DEL42X", lifetime: "24h" },
    expect: ["Tom", "/msg NickServ DROP Tom <password> DEL42X", "24h"],
  },
  account_deletion_opened: {
    data: {
      account: "Tom",
      caseNumber: "a20260101.3",
      executeAt: "2026-01-15 12:00 UTC",
      successions: [{ channel: "#widgets", successor: "Bob" }],
      drops: ["#gadgets"],
      access: ["#other"],
      nicks: ["Tom", "TomAway"],
      staff: false,
      cancelCode: "CANCELCODE23456789AB",
    },
    expect: [
      "case a20260101.3",
      "2026-01-15 12:00 UTC",
      "#widgets goes to Bob",
      "#gadgets is dropped",
      "removed from #other",
      "Your nicknames Tom, TomAway are released.",
      "/msg NickServ DROP CANCEL CANCELCODE23456789AB",
      "staff@example.net",
    ],
  },
  account_deletion_done: {
    data: { account: "Tom", caseNumber: "a20260101.3", entityId: "1AAAAABD5", successions: [], drops: [], access: [], nicks: ["Tom"], staff: true },
    expect: ["Tom", "a20260101.3", "1AAAAABD5", "Your nickname Tom was released.", "staff privileges were revoked", "last mail"],
  },
  account_deletion_cancelled: {
    data: { account: "Tom", caseNumber: "a20260101.3", by: "staff" },
    expect: ["a20260101.3", "by the staff", "stays"],
  },
  account_export: {
    data: { account: "Tom", entityId: "1AAAAABD5", json: '{\n  "account": {\n    "name": "Tom"\n  }\n}' },
    expect: ['  "account": {', '    "name": "Tom"', "never included"],
  },
  account_frozen: {
    data: { account: "Tom", reason: "dues unpaid since March", until: "2026-04-01 12:00 UTC", resolveUrl: "https://example.net/dues" },
    expect: ["Tom", "Reason: dues unpaid since March", "2026-04-01 12:00 UTC", "How to resolve this: https://example.net/dues", "write to the staff at staff@example.net"],
  },
  account_unfrozen: {
    data: { account: "Tom" },
    expect: ["lifted the freeze of the account Tom", "/msg NickServ IDENTIFY Tom <password>"],
  },
  account_freeze_ended: {
    data: { account: "Tom", serviceNick: "AuthServ" },
    expect: ["The freeze of the account Tom", "has ended", "/msg AuthServ IDENTIFY Tom <password>"],
  },
};

describe("mail templates", () => {
  it("has a sample for every template", () => {
    expect(Object.keys(samples).sort()).toEqual([...MAIL_TEMPLATES].sort());
  });

  for (const template of MAIL_TEMPLATES) {
    it(`renders ${template} with its data, the network name and the footer`, () => {
      const sample = samples[template];
      const { subject, text } = renderMail(template, sample.data, mail);
      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).toContain("ExampleNet");
      expect(subject.length).toBeLessThan(120);
      for (const needle of sample.expect) expect(text).toContain(needle);
      expect(text).toContain("ExampleNet");
      expect(text).toContain("https://example.net/help");
      expect(text).toContain("staff@example.net");
      expect(text).toMatch(/\n-- \nExampleNet\n/);
    });
  }

  it("says the time left until the nicks expire, counted when the mail is sent, and the date", () => {
    const at = Date.UTC(2026, 11, 5, 23, 53);
    const data = { account: "Tom", entityId: "1AAAAABD5", degradedName: "1AAAAABD5-Tom", degradeAt: at };
    const soon = renderMail("nick_expire_warning", data, mail, at - 3 * 60_000);
    expect(soon.subject).toBe("ExampleNet: the nicknames of Tom expire in 3 minutes (2026-12-05 23:53 UTC)");
    expect(soon.text).toContain("nicknames expire in 3 minutes (2026-12-05 23:53 UTC). To keep them");
    expect(renderMail("nick_expire_warning", data, mail, at - 7 * 86_400_000).subject).toContain("expire in 7 days (2026-12-05 23:53 UTC)");
    expect(renderMail("nick_expire_warning", data, mail, at - 26 * 3_600_000).subject).toContain("expire in 1 day and 2 hours (");
    // Sent late (the queue was held back): the date, without a time left that has passed.
    expect(renderMail("nick_expire_warning", data, mail, at + 60_000).subject).toContain("expire on 2026-12-05 23:53 UTC");
  });

  it("tells the reader to ignore mails they did not ask for, where that fits", () => {
    for (const t of ["account_verify", "password_reset", "channel_verify_code", "account_deletion_confirm"] as const) {
      expect(renderMail(t, samples[t].data, mail).text).toContain("If you did not ask for this, ignore this mail");
    }
    expect(renderMail("channel_rejected", samples.channel_rejected.data, mail).text).not.toContain("did not ask");
  });

  it("tells a member of a staff case to write to staff, and keeps every line of a JSON export", () => {
    const staffCase = renderMail("account_deletion_opened", { ...samples.account_deletion_opened.data, cancelCode: undefined }, mail).text;
    expect(staffCase).toContain("The staff opened this case. To object, write to staff@example.net");
    expect(staffCase).not.toContain("DROP CANCEL");
    expect(renderMail("account_deletion_opened", { ...samples.account_deletion_opened.data, nicks: ["Tom"] }, mail).text).toContain(
      "Your nickname Tom is released.",
    );
    const exported = renderMail("account_export", { account: "Tom", entityId: "1AAAAABD5", json: '{\n\u0007"a": 1\r\n}' }, mail).text;
    expect(exported).toContain('\n"a": 1\n}\n');
  });

  it("names every account of a case export, and the case rather than one of its accounts in the subject", () => {
    const json = "{}";
    const two = renderMail("account_export", { caseNumber: "a20260101.3", accounts: ["?1AAAAABD5", "?1AAAAABD6"], json }, mail);
    expect(two.subject).toBe("ExampleNet: the record of case a20260101.3");
    expect(two.text).toContain("Below is the record of case a20260101.3, with everything ExampleNet services hold about its 2 accounts, ?1AAAAABD5, ?1AAAAABD6.");
    const one = renderMail("account_export", { caseNumber: "a20260101.4", accounts: ["?1AAAAABD5"], json }, mail);
    expect(one.text).toContain("hold about the account ?1AAAAABD5.");
    expect(one.text).not.toContain("change your password");
    // Queued before the accounts list: the names as they were joined then.
    const older = renderMail("account_export", { account: "?1AAAAABD5, ?1AAAAABD6", entityId: "1AAAAABD5", caseNumber: "a20260101.5", json }, mail);
    expect(older.subject).toBe("ExampleNet: the record of case a20260101.5");
  });

  it("puts a secret only in the mail that delivers it", () => {
    const reset = renderMail("password_reset", samples.password_reset.data, mail);
    expect(reset.subject).not.toContain("RP1234");
    const chan = renderMail("channel_register_password", samples.channel_register_password.data, mail);
    expect(chan.subject).not.toContain("hunter2");
  });

  it("uses configured service nicks and falls back to mail.from when no contact is set", () => {
    const { text } = renderMail(
      "account_verify",
      { account: "Tom", code: "C1", verifyWindow: "1 day", serviceNick: "AuthServ" },
      { ...mail, contact: "", url: "" },
    );
    expect(text).toContain("/msg AuthServ VERIFY REGISTER Tom C1");
    expect(text).toContain("services@example.net");
    expect(text).not.toContain("https://");
  });

  it("tells a frozen member how long the freeze lasts and where to turn, with or without a URL", () => {
    const lasting = renderMail("account_frozen", { account: "Tom", reason: "chargeback" }, { ...mail, url: "" }).text;
    expect(lasting).toContain("The freeze lasts until the staff lift it.");
    expect(lasting).toContain("To resolve this, write to the staff at staff@example.net.");
    expect(lasting).not.toContain("How to resolve this");
    expect(lasting).toContain("password and email address stay as they are");
  });

  it("strips CR and LF from subjects", () => {
    const { subject } = renderMail(
      "channel_rejected",
      { channel: "#a\r\nBcc: victim@example.com", reason: "x" },
      { ...mail, network_name: "Evil\r\nNet" },
    );
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it("ignores unknown data keys", () => {
    const data = { ...samples.account_verify.data, extra: { nested: true } };
    expect(renderMail("account_verify", data, mail).text).toContain("K7Q2M9");
  });

  it("throws on missing data (a bug in the caller)", () => {
    expect(() => renderMail("account_verify", { account: "Tom", verifyWindow: "1 day" }, mail)).toThrow(/data\.code/);
    expect(() => renderMail("channel_rejected", { channel: "#x", reason: { no: 1 } }, mail)).toThrow(/data\.reason/);
    expect(() => renderMail("nope" as MailTemplate, {}, mail)).toThrow(/unknown mail template/);
    expect(() => renderMail("toString" as MailTemplate, {}, mail)).toThrow(/unknown mail template/);
  });
});
