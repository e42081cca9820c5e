/** Installs the handlers on `target` (the process); returns a function that removes them. */
export function installProcessGuards(report, target = process) {
    const onRejection = (reason) => safely(report, "process (unhandled promise rejection)", reason);
    const onException = (error) => safely(report, "process (uncaught exception)", error);
    target.on("unhandledRejection", onRejection);
    target.on("uncaughtException", onException);
    return () => {
        target.off("unhandledRejection", onRejection);
        target.off("uncaughtException", onException);
    };
}
function safely(report, where, error) {
    try {
        report(where, error);
    }
    catch (failure) {
        // Reporting failed too: stderr is all that is left, and throwing here would end the process.
        try {
            process.stderr.write(`custodian: ${where}: ${String(error)}; and reporting it failed: ${String(failure)}\n`);
        }
        catch {
            // Nothing left.
        }
    }
}
//# sourceMappingURL=process-guards.js.map