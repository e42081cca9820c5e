import { EventEmitter } from "node:events";

/** Called with the event's name and what a listener threw (or the promise it returned rejected with). */
export type ListenerFailure = (event: string, error: unknown) => void;

/**
 * An EventEmitter whose listeners cannot harm each other or the emitter: each listener runs
 * behind its own guard, so one that throws (or returns a promise that rejects) is reported to
 * `listenerFailed` and the others on the same event still run; `emit` itself never throws.
 * The `error` event keeps Node's meaning.
 */
export class GuardedEmitter<T extends Record<keyof T, unknown[]>> extends EventEmitter<T> {
  /** Where listener failures go; main.ts points it at the fault reporter. */
  listenerFailed: ListenerFailure = (event, error) => {
    process.emitWarning(`listener for "${event}" failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };

  override emit(eventName: unknown, ...args: unknown[]): boolean {
    if (eventName === "error") return (super.emit as (e: string, ...a: unknown[]) => boolean)("error", ...args);
    const listeners = this.rawListeners(eventName as never) as unknown as Array<(...a: unknown[]) => unknown>;
    if (listeners.length === 0) return false;
    const name = String(eventName);
    for (const listener of listeners) {
      try {
        const result = listener.apply(this, args);
        if (result instanceof Promise) result.catch((error: unknown) => this.fail(name, error));
      } catch (error) {
        this.fail(name, error);
      }
    }
    return true;
  }

  private fail(event: string, error: unknown): void {
    try {
      this.listenerFailed(event, error);
    } catch {
      // The reporter itself failed: nothing more can be done without risking the emitter.
    }
  }
}
