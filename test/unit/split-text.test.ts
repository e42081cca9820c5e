import { describe, expect, it } from "vitest";
import { splitText } from "../../src/irc/pseudoclients.js";

describe("notice text splitting", () => {
  it("sends a short plain line as it is", () => {
    const line = "Registered   : 2025-12-06 02:00 UTC (1y ago)";
    expect(splitText(line)).toEqual([line]);
  });

  it("turns tabs into spaces, drops control characters and sends an empty line as one space", () => {
    expect(splitText("a\tb\u0002c\u0007d")).toEqual(["a bcd"]);
    expect(splitText("")).toEqual([" "]);
    expect(splitText("one\ntwo")).toEqual(["one", "two"]);
  });
});
