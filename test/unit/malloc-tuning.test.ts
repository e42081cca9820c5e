import { describe, expect, it } from "vitest";
import { mallocTunedEnvironment } from "../../src/util/malloc-tuning.js";

describe("malloc tuning for the launcher", () => {
  it("asks for one glibc arena on Linux, keeping the operator's other tunables", () => {
    expect(mallocTunedEnvironment({ PATH: "/bin" }, "linux")).toEqual({ PATH: "/bin", GLIBC_TUNABLES: "glibc.malloc.arena_max=1" });
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.tcache_count=0" }, "linux")?.GLIBC_TUNABLES).toBe(
      "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1",
    );
  });

  it("starts nothing again once the arena count is set, off Linux, or when turned off", () => {
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.arena_max=1" }, "linux")).toBeNull();
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.arena_max=4:x=1" }, "linux")).toBeNull();
    expect(mallocTunedEnvironment({}, "darwin")).toBeNull();
    expect(mallocTunedEnvironment({ CUSTODIAN_MALLOC_TUNING: "off" }, "linux")).toBeNull();
  });
});
