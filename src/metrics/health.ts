/**
 * GET /healthz: healthy while the link is up and the database answers. A link counts as up only
 * while the uplink has been heard from within the ping timeout, so an ircd that hangs or whose
 * host went away shows here as soon as the timeout passes, even before the link is dropped.
 */

export interface HealthSources {
  /** Both bursts done and the socket open. */
  linkReady(): boolean;
  /** How long ago the uplink last sent anything (ms). */
  linkSilentMs(): number;
  pingTimeoutMs: number;
  /** Runs a trivial query; throws when the database does not answer. */
  queryDatabase(): void;
}

export interface HealthReport {
  healthy: boolean;
  body: { status: "ok" | "unavailable"; link: "up" | "down" | "silent"; database: "ok" | "error" };
}

export function checkHealth(sources: HealthSources): HealthReport {
  let link: HealthReport["body"]["link"] = "down";
  if (sources.linkReady()) link = sources.linkSilentMs() > sources.pingTimeoutMs ? "silent" : "up";
  let database: HealthReport["body"]["database"] = "ok";
  try {
    sources.queryDatabase();
  } catch {
    database = "error";
  }
  const healthy = link === "up" && database === "ok";
  return { healthy, body: { status: healthy ? "ok" : "unavailable", link, database } };
}
