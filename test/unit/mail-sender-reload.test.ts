import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSender } from "../../src/services/mail/transport.js";
import { silentLogger } from "../../src/util/logger.js";
import { testConfig } from "../support.js";

describe("the mail sender after a reload", () => {
  const dir = mkdtempSync(join(tmpdir(), "custodian-sender-"));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("sends the next mail the way the changed settings say", async () => {
    const mail = testConfig(`[mail]\ntransport = "file"\ndir = "${join(dir, "a")}"\n`).mail;
    const sender = createSender(mail, silentLogger());
    await sender.send({ to: "tom@example.org", subject: "one", text: "one\n", id: 1 });
    mail.dir = join(dir, "b");
    await sender.send({ to: "tom@example.org", subject: "two", text: "two\n", id: 2 });
    expect(readdirSync(join(dir, "a"))).toEqual([expect.stringMatching(/-1\.eml$/)]);
    expect(readdirSync(join(dir, "b"))).toEqual([expect.stringMatching(/-2\.eml$/)]);
    sender.close?.();
  });
});
