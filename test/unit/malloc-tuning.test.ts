import { describe, expect, it } from "vitest";
import { startsServices, subcommandOf } from "../../src/cli/arguments.js";
import { mallocTunedEnvironment, runsOnGlibc } from "../../src/util/malloc-tuning.js";

const glibc = (): boolean => true;

describe("malloc tuning for the launcher", () => {
  it("asks for one glibc arena on Linux, keeping the operator's other tunables", () => {
    expect(mallocTunedEnvironment({ PATH: "/bin" }, "linux", glibc)).toEqual({ PATH: "/bin", GLIBC_TUNABLES: "glibc.malloc.arena_max=1" });
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.tcache_count=0" }, "linux", glibc)?.GLIBC_TUNABLES).toBe(
      "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1",
    );
  });

  it("starts nothing again once the arena count is set, off Linux, off glibc, or when turned off", () => {
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.arena_max=1" }, "linux", glibc)).toBeNull();
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.arena_max=4:x=1" }, "linux", glibc)).toBeNull();
    expect(mallocTunedEnvironment({ GLIBC_TUNABLES: "x=1:glibc.malloc.arena_max=2" }, "linux", glibc)).toBeNull();
    expect(mallocTunedEnvironment({}, "darwin", glibc)).toBeNull();
    expect(mallocTunedEnvironment({ CUSTODIAN_MALLOC_TUNING: "off" }, "linux", glibc)).toBeNull();
    // musl (Alpine) ignores GLIBC_TUNABLES: starting again would only cost time.
    expect(mallocTunedEnvironment({}, "linux", () => false)).toBeNull();
  });

  it("asks whether the C library is glibc only when everything else says to start again", () => {
    let asked = 0;
    const probe = (): boolean => {
      asked++;
      return true;
    };
    mallocTunedEnvironment({ GLIBC_TUNABLES: "glibc.malloc.arena_max=1" }, "linux", probe);
    mallocTunedEnvironment({}, "freebsd", probe);
    expect(asked).toBe(0);
    mallocTunedEnvironment({}, "linux", probe);
    expect(asked).toBe(1);
  });

  it("finds this machine's glibc through Node's report (the test machines run Debian)", () => {
    expect(runsOnGlibc()).toBe(process.platform === "linux");
  });
});

describe("which command lines run the services", () => {
  it("a run with --config (or -c) does", () => {
    expect(startsServices(["--config", "/etc/custodian/services.conf"])).toBe(true);
    expect(startsServices(["-c", "services.conf"])).toBe(true);
    expect(startsServices(["--config=services.conf"])).toBe(true);
  });

  it("checking a file, printing the version or help, a subcommand or bad arguments do not", () => {
    expect(startsServices(["--check-config", "services.conf"])).toBe(false);
    expect(startsServices(["--config", "a.conf", "--check-config", "a.conf"])).toBe(false);
    expect(startsServices(["--version"])).toBe(false);
    expect(startsServices(["--config", "a.conf", "--help"])).toBe(false);
    expect(startsServices(["backup", "--config", "a.conf", "out.db"])).toBe(false);
    expect(startsServices(["import-atheme", "--config", "a.conf", "services.db"])).toBe(false);
    expect(startsServices([])).toBe(false);
    expect(startsServices(["--config"])).toBe(false);
    expect(startsServices(["--nonsense", "--config", "a.conf"])).toBe(false);
  });

  it("names a subcommand only in the first place", () => {
    expect(subcommandOf(["backup", "x"])).toBe("backup");
    expect(subcommandOf(["--config", "backup"])).toBeUndefined();
    expect(subcommandOf(["toString"])).toBeUndefined();
  });
});
