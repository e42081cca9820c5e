import { pino } from "pino";
/** Keys whose values are never written to a log, wherever they appear in a log object. */
const SECRET_PATHS = [
    "password",
    "*.password",
    "send_password",
    "receive_password",
    "*.send_password",
    "*.receive_password",
    "code",
    "*.code",
    "smtp_url",
    "*.smtp_url",
];
/** Structured logs: one JSON object a line, with a level; secrets redacted. */
export function createLogger(options = {}) {
    const destination = options.file
        ? pino.destination({ dest: options.file, append: true, mkdir: true, sync: false })
        : pino.destination({ dest: 1, sync: false });
    return pino({
        level: options.level ?? "info",
        base: { app: "custodian" },
        redact: { paths: SECRET_PATHS, censor: "[redacted]" },
        timestamp: pino.stdTimeFunctions.isoTime,
    }, destination);
}
/** A logger that drops everything; for unit tests. */
export function silentLogger() {
    return pino({ level: "silent" });
}
/** What to log of a caught error: its stack when it has one (a bug to find), else its text. */
export function errorStack(error) {
    return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
/** The message of a caught error (for errors that are expected, e.g. a refused foreign key). */
export function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
//# sourceMappingURL=logger.js.map