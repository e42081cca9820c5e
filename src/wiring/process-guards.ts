/**
 * The last guard: a promise rejected with nobody to catch it, or an exception thrown from a timer
 * or a socket callback, is reported (logged, admins told) and the process carries on. Node's
 * default would end the process, and with it every user's session and every link.
 */
export type FaultSink = (where: string, error: unknown) => void;

interface ProcessLike {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  on(event: "uncaughtException", listener: (error: Error) => void): unknown;
  off(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  off(event: "uncaughtException", listener: (error: Error) => void): unknown;
}

/** Installs the handlers on `target` (the process); returns a function that removes them. */
export function installProcessGuards(report: FaultSink, target: ProcessLike = process): () => void {
  const onRejection = (reason: unknown): void => safely(report, "process (unhandled promise rejection)", reason);
  const onException = (error: Error): void => safely(report, "process (uncaught exception)", error);
  target.on("unhandledRejection", onRejection);
  target.on("uncaughtException", onException);
  return () => {
    target.off("unhandledRejection", onRejection);
    target.off("uncaughtException", onException);
  };
}

function safely(report: FaultSink, where: string, error: unknown): void {
  try {
    report(where, error);
  } catch (failure) {
    // Reporting failed too: stderr is all that is left, and throwing here would end the process.
    try {
      process.stderr.write(`custodian: ${where}: ${String(error)}; and reporting it failed: ${String(failure)}\n`);
    } catch {
      // Nothing left.
    }
  }
}
