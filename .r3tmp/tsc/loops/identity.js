/**
 * The clock-driven identity checks as a maintenance loop, so that a run of the maintenance loops
 * (and a test that moves the clock) applies them at once; the wiring also runs them on short
 * real-time timers. These change no database rows, so the loop breaker does not apply: each rename
 * is one user who was warned and whose own deadline passed.
 */
export function identityLoop(parts) {
    return {
        name: "identity",
        run() {
            const renamed = parts.renameDue();
            const saslTimedOut = parts.expireSasl();
            return { changed: renamed + saslTimedOut, details: { renamed, saslTimedOut } };
        },
    };
}
//# sourceMappingURL=identity.js.map