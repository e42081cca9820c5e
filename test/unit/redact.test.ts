import { describe, expect, it } from "vitest";
import { newIncident, redactWords } from "../../src/util/redact.js";

describe("redactWords", () => {
  it("cuts every given word out of an error text, however often and wherever it appears", () => {
    expect(redactWords('bad "hunter2-long" (hunter2-long)xhunter2-long', ["hunter2-long"])).toBe('bad "[redacted]" ([redacted])x[redacted]');
  });

  it("takes words with regular-expression characters literally", () => {
    expect(redactWords("pw=a.b*c+(d)[e]{f}|g\\h$^?/ ok aXbXc", ["a.b*c+(d)[e]{f}|g\\h$^?/", "a.b"])).toBe("pw=[redacted] ok aXbXc");
  });

  it("replaces a longer word before a shorter one inside it", () => {
    expect(redactWords("secret secretive", ["secret", "secretive"])).toBe("[redacted] [redacted]");
  });

  it("replaces short words only where they stand alone, so that the stack stays readable", () => {
    expect(redactWords("Error: wrong pw x for X\n    at Object.run (file:///x/identify.ts:3:9)", ["x", "pw"])).toBe(
      "Error: wrong [redacted] [redacted] for X\n    at Object.run (file:///[redacted]/identify.ts:3:9)",
    );
    expect(redactWords("Error: état ét", ["ét"])).toBe("Error: état [redacted]");
  });

  it("leaves the text alone without words", () => {
    expect(redactWords("Error: nothing", [])).toBe("Error: nothing");
    expect(redactWords("Error: nothing", [""])).toBe("Error: nothing");
  });
});

describe("newIncident", () => {
  it("gives eight hex digits, different each time", () => {
    const a = newIncident();
    expect(a).toMatch(/^[0-9A-F]{8}$/);
    expect(new Set(Array.from({ length: 50 }, newIncident)).size).toBe(50);
  });
});
