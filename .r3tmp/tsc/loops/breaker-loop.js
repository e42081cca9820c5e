export function breakerLoop(spec) {
    return {
        name: spec.name,
        run(services) {
            const due = spec.due(services);
            if (due.length === 0)
                return { changed: 0 };
            if (!services.breaker.allow(spec.name, due.length))
                return { changed: 0, held: spec.held(due.length, services) };
            let changed = 0;
            for (const row of due)
                if (spec.act(row, services))
                    changed++;
            return { changed, details: { [spec.counted]: changed } };
        },
    };
}
//# sourceMappingURL=breaker-loop.js.map