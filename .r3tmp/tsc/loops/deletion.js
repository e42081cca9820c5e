export const DELETION_LOOP = "deletion-cases";
export const TOMBSTONE_LOOP = "tombstone-purge";
/** Most tombstones purged in one run (the rest wait for the next). */
const PURGE_BATCH = 1000;
export function deletionLoops(deletion) {
    return [
        {
            name: DELETION_LOOP,
            run(services) {
                const due = deletion.executableDue();
                let report = { executed: 0, blocked: 0, failed: 0 };
                let held;
                if (due.length > 0) {
                    if (services.breaker.allow(DELETION_LOOP, due.length))
                        report = deletion.executeDue(due);
                    else
                        held = `${due.length} deletion cases are due and wait for OperServ BREAKER CONFIRM ${DELETION_LOOP}`;
                }
                const forgotten = deletion.forgetFarewells();
                return { changed: report.executed + forgotten, ...(held ? { held } : {}), details: { ...report, farewellsForgotten: forgotten } };
            },
        },
        {
            name: TOMBSTONE_LOOP,
            run(services) {
                const due = deletion.countPurgeDue();
                if (due === 0)
                    return { changed: 0 };
                if (!services.breaker.allow(TOMBSTONE_LOOP, Math.min(due, PURGE_BATCH))) {
                    return { changed: 0, held: `${due} tombstones past their retention date wait for OperServ BREAKER CONFIRM ${TOMBSTONE_LOOP}` };
                }
                const purged = deletion.purgeDue(PURGE_BATCH);
                return { changed: purged, details: { purged } };
            },
        },
    ];
}
//# sourceMappingURL=deletion.js.map