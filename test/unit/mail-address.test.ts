import { describe, expect, it } from "vitest";
import {
  canonicalEmail,
  emailDomain,
  matchesMask,
  matchingMask,
  validateEmail,
} from "../../src/services/mail/address.js";
import { addressProblemText } from "../../src/commands/email-words.js";

const accepted = (input: string): string => {
  const r = validateEmail(input);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to be accepted, got: ${r.error.kind}`);
  return r.value;
};
const refusal = (input: string): string => {
  const r = validateEmail(input);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${r.value}`);
  return addressProblemText(r.error);
};

describe("validateEmail", () => {
  it.each([
    "alice@example.com",
    "a@b.co",
    "first.last@example.org",
    "user+tag@example.com",
    "o'brien@example.ie",
    "x_y-z@sub.domain.example.net",
    "!#$%&'*+/=?^_`{|}~-@example.com",
    "1234@123.example.com",
    "user@xn--bcher-kva.example",
    "user@example.xn--p1ai",
    "a@a-b.example.com",
    `${"l".repeat(64)}@example.com`,
  ])("accepts %s", (address) => {
    expect(accepted(address)).toBe(address);
  });

  it("lower-cases the domain and keeps the local part as given", () => {
    expect(accepted("Alice.Smith@EXAMPLE.Com")).toBe("Alice.Smith@example.com");
  });

  it("accepts an address of exactly 254 characters", () => {
    const domain = `${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.com`; // 195
    const local = "l".repeat(254 - 1 - domain.length); // 58
    expect(accepted(`${local}@${domain}`)).toHaveLength(254);
  });

  it.each([
    ["a@b.com\r\nBcc: x@y.com", /control characters/],
    ["a@b.com\nBcc: x@y.com", /control characters/],
    ["a@b.com\0", /control characters/],
    ["a\u202e@b.com", /control characters/], // right-to-left override
    ["a\u200b@b.com", /control characters/], // zero-width space
    ["a@b.com\u2028", /control characters/],
    ["a\u0085@b.com", /control characters/],
    ["a @b.com", /spaces/],
    ["a@b.com ", /spaces/],
    ["a\u00a0@b.com", /spaces/],
    ["a@b.com,c@d.com", /one plain email address/],
    ["a@b.com;c@d.com", /one plain email address/],
    ["<a@b.com>", /one plain email address/],
    ["Alice <a@b.com>", /spaces|one plain/],
    ['"quoted"@x.com', /quoted/],
    ['"a b"@x.com', /spaces|quoted/],
    ["a@[1.2.3.4]", /IP address/],
    ["a@[IPv6:::1]", /IP address/],
    ["a@1.2.3.4", /top-level domain/],
    ["a..b@x.com", /two dots/],
    [".a@x.com", /start or end with a dot/],
    ["a.@x.com", /start or end with a dot/],
    [`${"l".repeat(65)}@example.com`, /at most 64/],
    [`${"l".repeat(60)}@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.com`, /at most 254/],
    ["a@localhost", /full domain name/],
    ["a@-x.com", /cannot start or end with a dash/],
    ["a@x-.com", /cannot start or end with a dash/],
    ["a@x..com", /empty parts/],
    ["a@x.com.", /empty parts/],
    ["a@.x.com", /empty parts/],
    [`a@${"d".repeat(64)}.com`, /at most 63/],
    ["a@x_y.com", /only letters, digits/],
    ["a@x.c", /top-level domain/],
    ["a@x.c0m", /top-level domain/],
    ["", /No email address/],
    ["alice", /needs an @/],
    ["a@b@c.com", /exactly one @/],
    ["@example.com", /before the @ is empty/],
    ["a@", /after the @ is empty/],
    ["a(comment)@x.com", /not allowed/],
    ["a\\b@x.com", /not allowed/],
    ["jörg@example.com", /ASCII/],
    ["a@bücher.de", /ASCII/],
  ])("refuses %j", (address, reason) => {
    expect(refusal(address)).toMatch(reason);
  });

  it("gives reasons fit to show the user, without echoing the whole input", () => {
    const reason = refusal("a@b.com\r\nBcc: x@y.com");
    expect(reason).not.toMatch(/[\r\n]/);
    expect(reason).not.toContain("Bcc");
  });
});

describe("canonicalEmail", () => {
  it.each([
    ["A.B+x@GoogleMail.com", "ab@gmail.com"],
    ["a.b+x@gmail.com", "ab@gmail.com"],
    ["ab@gmail.com", "ab@gmail.com"],
    ["A.B+x@Example.com", "a.b@example.com"],
    ["user+a+b@example.com", "user@example.com"],
    ["USER@EXAMPLE.COM", "user@example.com"],
    ["+only@example.com", "+only@example.com"],
  ])("%s -> %s", (address, canonical) => {
    expect(canonicalEmail(address)).toBe(canonical);
  });
});

describe("emailDomain", () => {
  it("returns the lower-cased domain", () => {
    expect(emailDomain("Alice@Example.COM")).toBe("example.com");
    expect(emailDomain("nothing")).toBe("");
  });
});

describe("matchesMask", () => {
  it("matches a whole-address glob case-insensitively", () => {
    expect(matchesMask("Spam@Mailinator.com", "*@mailinator.com")).toBe(true);
    expect(matchesMask("spam@mailinator.com.evil.org", "*@mailinator.com")).toBe(false);
    expect(matchesMask("bob@x.org", "b?b@x.org")).toBe(true);
    expect(matchesMask("boob@x.org", "b?b@x.org")).toBe(false);
  });

  it("treats a mask without @ as a domain", () => {
    expect(matchesMask("spam@mailinator.com", "mailinator.com")).toBe(true);
    expect(matchesMask("spam@notmailinator.com", "mailinator.com")).toBe(false);
    expect(matchesMask("spam@a.mailinator.com", "*.mailinator.com")).toBe(true);
    expect(matchesMask("spam@mail.ru", "*.ru")).toBe(true);
  });

  it("checks the canonical form as well as the given one", () => {
    expect(matchesMask("a.b+tag@googlemail.com", "ab@gmail.com")).toBe(true);
    expect(matchesMask("troll+1@example.com", "troll@example.com")).toBe(true);
    expect(matchesMask("troll+1@example.com", "troll+1@*")).toBe(true);
  });

  it("takes regular-expression characters literally", () => {
    expect(matchesMask("axb@example.com", "a.b@example.com")).toBe(false);
    expect(matchesMask("a.b@example.com", "a.b@example.com")).toBe(true);
    expect(matchesMask("a+b@example.com", "a+b@*")).toBe(true);
    expect(matchesMask("aab@example.com", "a+b@*")).toBe(false);
  });

  it("finds the first matching mask of a list", () => {
    expect(matchingMask("x@spam.example", ["*@good.example", "spam.example", "*"])).toBe("spam.example");
    expect(matchingMask("x@ok.example", ["*@good.example"])).toBeUndefined();
  });
});
