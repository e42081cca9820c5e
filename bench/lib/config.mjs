/**
 * The Config of an in-process benchmark: the required tables, nothing linked (the uplink is never
 * dialled), then `extra` TOML for the tables a benchmark tunes. Reads dist/ (`npm run build`).
 */
import { parseConfig } from "../../dist/config/load.js";

export function benchConfig({ databasePath = ":memory:", extra = "" } = {}) {
  const parsed = parseConfig(`
[server]
name = "bench.example"
sid = "42X"
[uplink]
host = "127.0.0.1"
port = 7000
send_password = "a"
receive_password = "b"
[database]
path = ${JSON.stringify(databasePath)}
${extra}
`);
  if (!parsed.ok) throw new Error(parsed.error.join("\n"));
  return parsed.value;
}
