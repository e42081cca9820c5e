/**
 * SIGHUP and OperServ REHASH: re-read services.conf into the running Config (src/config/reload.ts),
 * log and audit what changed, and tell the parts that derive state from the Config (`reloaded`).
 */
import { EventEmitter } from "node:events";
import { reloadConfigFile } from "../config/reload.js";
import { err, ok } from "../util/result.js";
export class ConfigReloader extends EventEmitter {
    config;
    path;
    audit;
    log;
    constructor(config, 
    /** The file the services were started from; null when they were given a Config directly. */
    path, audit, log) {
        super();
        this.config = config;
        this.path = path;
        this.audit = audit;
        this.log = log;
    }
    rehash(actor) {
        if (this.path === null) {
            return err({ path: "services.conf", errors: ["these services were started without a configuration file to re-read"] });
        }
        const path = this.path;
        const result = reloadConfigFile(this.config, path);
        if (!result.ok) {
            this.log.error({ path, actor, errors: result.error }, "configuration not reloaded: the file has errors; nothing changed");
            return err({ path, errors: result.error });
        }
        const { changed, needsRestart } = result.value;
        this.log.info({ path, actor, changed, needsRestart }, "configuration reloaded");
        if (needsRestart.length > 0)
            this.log.warn({ path, needsRestart }, "configuration changes that need a restart were left as they were");
        this.audit.record({ actor, action: "config.rehash", details: { changed, needsRestart } });
        if (changed.length > 0)
            this.emit("reloaded", result.value);
        return ok({ path, changed, needsRestart });
    }
}
//# sourceMappingURL=rehash.js.map