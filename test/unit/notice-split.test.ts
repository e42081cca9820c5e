import { describe, expect, it } from "vitest";
import type { InspircdLink } from "../../src/irc/link/inspircd.js";
import { Network } from "../../src/irc/network.js";
import { PseudoClients, splitText } from "../../src/irc/pseudoclients.js";
import { encodeLine } from "../../src/irc/codec.js";
import { silentLogger } from "../../src/util/logger.js";

/** The line a user's client receives for a NOTICE from a pseudo-client, as the ircd writes it. */
const delivered = (nick: string, ident: string, host: string, target: string, text: string): string =>
  `:${nick}!${ident}@${host} NOTICE ${target} :${text}\r\n`;

function clientsWithCapture(host: string): { clients: PseudoClients; sent: string[][] } {
  const sent: string[][] = [];
  const link = {
    sid: "42X",
    network: new Network(),
    on: () => link,
    send: (source: string, command: string, ...params: string[]) => {
      encodeLine(source, command, ...params);
      sent.push([source, command, ...params]);
    },
  };
  const clients = new PseudoClients(link as unknown as InspircdLink, [{ key: "nickserv", nick: "NickServ", ident: "services", host, realname: "Nickname Services" }], silentLogger());
  return { clients, sent };
}

const longTarget = "N".repeat(30);
const texts: Record<string, string> = {
  "two-byte letters": "Grüße aus Köln, schönes Wetter heute! ".repeat(40),
  "three-byte CJK without spaces": "日本語のテキストは空白がありません".repeat(60),
  "four-byte emoji": "😀🎉🚀".repeat(300),
  "mixed, one long word": `start ${"ü😀a日".repeat(250)} end`,
};

describe("notice splitting", () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`keeps every line a user receives within 512 bytes with ${name}`, () => {
      const host = "services.a-rather-long-network-name.example.org";
      const { clients, sent } = clientsWithCapture(host);
      clients.notice("nickserv", "001AAAAAB", text);
      expect(sent.length).toBeGreaterThan(1);
      for (const [, , , line] of sent) {
        expect(Buffer.byteLength(delivered("NickServ", "services", host, longTarget, line as string))).toBeLessThanOrEqual(512);
        // Cut between characters: nothing decodes to a replacement character.
        expect(Buffer.from(line as string, "utf8").toString("utf8")).toBe(line);
        expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
      // Nothing lost: the pieces put together give the text back (cuts at spaces drop only those spaces).
      const joined = sent.map((s) => s[3]).join("");
      expect(joined.replace(/ /g, "")).toBe(text.trim().replace(/ /g, ""));
    });
  }

  it("cuts at a space when there is one", () => {
    const pieces = splitText(`${"a".repeat(8)} ${"b".repeat(8)}`, 12);
    expect(pieces).toEqual(["aaaaaaaa", "bbbbbbbb"]);
  });

  it("measures bytes, not characters", () => {
    const pieces = splitText("é".repeat(10), 6);
    expect(pieces).toEqual(["ééé", "ééé", "ééé", "é"]);
  });

  it("keeps an empty line as one space and splits on newlines", () => {
    expect(splitText("a\n\nb")).toEqual(["a", " ", "b"]);
  });
});
