import { describe, expect, it } from "vitest";
import { AddressSet, parseCidr } from "../../src/util/cidr.js";

describe("address masks", () => {
  it("parses IPv4 and IPv6 masks and bare addresses", () => {
    expect(parseCidr("127.0.0.0/8")).toEqual({ ok: true, value: { family: "ipv4", address: "127.0.0.0", prefix: 8 } });
    expect(parseCidr("::1/128")).toEqual({ ok: true, value: { family: "ipv6", address: "::1", prefix: 128 } });
    expect(parseCidr("::1")).toEqual({ ok: true, value: { family: "ipv6", address: "::1", prefix: 128 } });
    expect(parseCidr("192.0.2.7")).toEqual({ ok: true, value: { family: "ipv4", address: "192.0.2.7", prefix: 32 } });
    expect(parseCidr(" 2001:db8::/32 ")).toMatchObject({ ok: true, value: { prefix: 32 } });
    expect(parseCidr("2001:db8:0:0:1::/80")).toMatchObject({ ok: true });
    expect(parseCidr("::ffff:127.0.0.0/104")).toMatchObject({ ok: true });
  });

  it("refuses what is not a mask, saying why", () => {
    expect(parseCidr("127.0.0.1/8")).toEqual({ ok: false, error: "host bits set: did you mean 127.0.0.0/8?" });
    expect(parseCidr("2001:db8::1/32")).toEqual({ ok: false, error: "host bits set: did you mean 2001:db8::/32?" });
    expect(parseCidr("10.0.0.0/0")).toEqual({ ok: false, error: "a prefix of /0 would match every address" });
    expect(parseCidr("10.0.0.0/33")).toEqual({ ok: false, error: "/33 is longer than 32 bits" });
    expect(parseCidr("10.0.0.0/x")).toEqual({ ok: false, error: "/x is not a prefix length (0 to 32)" });
    expect(parseCidr("10.0.0.0/8/1")).toEqual({ ok: false, error: "more than one /" });
    expect(parseCidr("localhost")).toEqual({ ok: false, error: "localhost is not an IP address" });
    expect(parseCidr("fe80::1%eth0")).toMatchObject({ ok: false });
    expect(parseCidr("")).toEqual({ ok: false, error: "no address" });
  });

  it("tells whether an address is in a set, IPv4-mapped IPv6 addresses included", () => {
    const set = AddressSet.of(["127.0.0.0/8", "::1/128", "2001:db8:1::/48"]);
    for (const ip of ["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1", "2001:db8:1:2::5"]) expect(set.has(ip)).toBe(true);
    for (const ip of ["128.0.0.1", "::2", "2001:db8:2::1", "not an ip", ""]) expect(set.has(ip)).toBe(false);
    expect(AddressSet.of([]).has("127.0.0.1")).toBe(false);
    expect(() => AddressSet.of(["127.0.0.1/8"])).toThrow(/did you mean 127.0.0.0\/8/);
  });
});
