import { EventEmitter } from "node:events";
/**
 * An EventEmitter whose listeners cannot harm each other or the emitter: each listener runs
 * behind its own guard, so one that throws (or returns a promise that rejects) is reported to
 * `listenerFailed` and the others on the same event still run; `emit` itself never throws.
 * The `error` event keeps Node's meaning.
 */
export class GuardedEmitter extends EventEmitter {
    /** Where listener failures go; main.ts points it at the fault reporter. */
    listenerFailed = (event, error) => {
        process.emitWarning(`listener for "${event}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    };
    emit(eventName, ...args) {
        if (eventName === "error")
            return super.emit("error", ...args);
        const listeners = this.rawListeners(eventName);
        if (listeners.length === 0)
            return false;
        const name = String(eventName);
        for (const listener of listeners) {
            try {
                const result = listener.apply(this, args);
                if (result instanceof Promise)
                    result.catch((error) => this.fail(name, error));
            }
            catch (error) {
                this.fail(name, error);
            }
        }
        return true;
    }
    fail(event, error) {
        try {
            this.listenerFailed(event, error);
        }
        catch {
            // The reporter itself failed: nothing more can be done without risking the emitter.
        }
    }
}
//# sourceMappingURL=guarded-emitter.js.map