import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { legacyScheme, saslprepMap, SHA_CRYPT_MAX_ROUNDS, verifyLegacyPassword } from "../../src/services/accounts/legacy-hashes.js";
import { md5crypt } from "../../src/services/accounts/md5crypt.js";

const fixture = new URL("../fixtures/atheme/", import.meta.url);
const passwords = JSON.parse(readFileSync(new URL("passwords.json", fixture), "utf8")) as Record<string, string>;
/** The password column of each MU row of the database the real Atheme wrote. */
const hashes = new Map(
  readFileSync(new URL("mixed.db", fixture), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("MU "))
    .map((l) => {
      const [, , name, pass] = l.split(" ");
      return [name as string, pass as string];
    }),
);

describe("password hashes written by the real Atheme 7.2", () => {
  const cases: Array<[string, string]> = [
    ["Alice", "pbkdf2v2"], // $z$26: HMAC-SHA-512, base64 salt, Atheme's default
    ["Sha256user", "pbkdf2v2"], // $z$25, 12000 rounds
    ["Sha1user", "pbkdf2v2"], // $z$24
    ["Md5user", "md5-crypt"], // crypto/posix
    ["Pbkdf1user", "pbkdf2"], // crypto/pbkdf2 (v1)
    ["Unicode", "pbkdf2v2"], // a password outside ASCII
  ];
  for (const [name, scheme] of cases) {
    it(`verifies ${name}'s ${scheme} hash with the password and refuses another`, async () => {
      const hash = hashes.get(name) as string;
      expect(legacyScheme(hash)).toEqual({ ok: true, scheme });
      expect(await verifyLegacyPassword(passwords[name] as string, hash)).toBe(true);
      expect(await verifyLegacyPassword(`${passwords[name]}x`, hash)).toBe(false);
      expect(await verifyLegacyPassword("", hash)).toBe(false);
    });
  }
});

describe("crypt(3) forms", () => {
  it("checks SHA-512 and SHA-256 crypt against the specification's test vectors", async () => {
    // From Drepper, "Unix crypt using SHA-256 and SHA-512" (also what `openssl passwd -6/-5` prints).
    const sha512 = "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    const sha512Rounds = "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.";
    const sha256 = "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5";
    expect(legacyScheme(sha512)).toEqual({ ok: true, scheme: "sha512-crypt" });
    expect(legacyScheme(sha256)).toEqual({ ok: true, scheme: "sha256-crypt" });
    for (const hash of [sha512, sha512Rounds, sha256]) {
      expect(await verifyLegacyPassword("Hello world!", hash)).toBe(true);
      expect(await verifyLegacyPassword("Hello world?", hash)).toBe(false);
    }
  });

  it("refuses SHA-crypt hashes with more rounds than it checks on the event loop", async () => {
    const hash = `$6$rounds=${SHA_CRYPT_MAX_ROUNDS + 1}$salt$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ./abcdefghijklmnopqrstu`;
    expect(legacyScheme(hash)).toMatchObject({ ok: false, reason: expect.stringContaining("rounds") });
    expect(await verifyLegacyPassword("anything", hash)).toBe(false);
  });

  it("computes md5crypt as OpenSSL's passwd -1 does", () => {
    expect(md5crypt("password", "saltsalt")).toBe("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/");
    expect(md5crypt("pw", "ab")).toBe("$1$ab$b2XAKzcGJvTR.javvk3280");
    expect(md5crypt("a-much-longer-password-than-sixteen-bytes!", "12345678")).toBe("$1$12345678$jNcPU4b2fT/ElGdMcRYqj/");
  });
});

describe("pbkdf2v2 forms Atheme 7.2 did not write here", () => {
  it("checks a SCRAM-SHA-256 hash (ServerKey and StoredKey over the SASLprep'd password)", async () => {
    const password = "pa\u00A0ss\u00ADword"; // a no-break space (mapped to space) and a soft hyphen (mapped to nothing)
    const salt = Buffer.from("0123456789abcdef0123456789abcdef");
    const salted = pbkdf2Sync(Buffer.from("pa ssword"), salt, 10000, 32, "sha256");
    const serverKey = createHmac("sha256", salted).update("Server Key").digest("base64");
    const storedKey = createHash("sha256").update(createHmac("sha256", salted).update("Client Key").digest()).digest("base64");
    const hash = `$z$65$10000$${salt.toString("base64")}$${serverKey}$${storedKey}`;
    expect(legacyScheme(hash)).toEqual({ ok: true, scheme: "pbkdf2v2-scram" });
    expect(saslprepMap(password)).toBe("pa ssword");
    expect(await verifyLegacyPassword(password, hash)).toBe(true);
    expect(await verifyLegacyPassword("pa ssword!", hash)).toBe(false);
  });

  it("checks a raw-salt form ($z$6: the salt string itself, not base64)", async () => {
    const salt = "rawsaltrawsalt12";
    const digest = pbkdf2Sync("secret99", salt, 10000, 64, "sha512").toString("base64");
    expect(await verifyLegacyPassword("secret99", `$z$6$10000$${salt}$${digest}`)).toBe(true);
  });

  it("explains what it cannot check, without quoting the hash", () => {
    expect(legacyScheme("$z$99$10000$c2FsdHNhbHQ=$AAAA")).toMatchObject({ ok: false, reason: expect.stringContaining("unknown PRF 99") });
    expect(legacyScheme("$z$26$9999$c2FsdHNhbHRzYWx0$AAAA")).toMatchObject({ ok: false, reason: expect.stringContaining("9999 iterations") });
    expect(legacyScheme("$2y$10$abcdefghijklmnopqrstuu")).toEqual({ ok: false, reason: "a $2y$ hash (a format Custodian does not check)" });
    expect(legacyScheme("$argon2d$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA")).toMatchObject({ ok: false, reason: expect.stringContaining("$argon2d$") });
    expect(legacyScheme("hunter2")).toEqual({ ok: false, reason: "a password hash of unknown format" });
    expect(legacyScheme("scrypt$16384$8$1$c2FsdA==$aGFzaA==")).toMatchObject({ ok: false });
  });
});
