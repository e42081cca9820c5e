/** The usual InspIRCd 3 table; replaced by what the uplink announces. */
export function defaultChannelModes() {
    return {
        list: new Set(["b", "e", "I", "g", "X"]),
        param: new Set(["k"]),
        paramSet: new Set(["l", "f", "j", "J", "L"]),
        prefix: new Map([
            ["q", { symbol: "~", rank: 50000, name: "founder" }],
            ["a", { symbol: "&", rank: 40000, name: "admin" }],
            ["o", { symbol: "@", rank: 30000, name: "op" }],
            ["h", { symbol: "%", rank: 20000, name: "halfop" }],
            ["v", { symbol: "+", rank: 10000, name: "voice" }],
        ]),
        simple: new Set(["i", "m", "n", "p", "s", "t", "r", "c", "C", "M", "O", "P", "R", "S", "T", "z"]),
    };
}
/**
 * Reads the 1205 form of CAPAB CHANMODES:
 * `list:ban=b param:key=k param-set:limit=l prefix:30000:op=@o simple:moderated=m`.
 */
export function parseCapabChanmodes(text) {
    const table = { list: new Set(), param: new Set(), paramSet: new Set(), prefix: new Map(), simple: new Set() };
    for (const token of text.split(" ").filter(Boolean)) {
        const [kindPart, value] = splitOnce(token, "=");
        if (value === undefined || value.length === 0)
            continue;
        const kind = kindPart.split(":");
        const letter = value[value.length - 1];
        switch (kind[0]) {
            case "list":
                table.list.add(letter);
                break;
            case "param":
                table.param.add(letter);
                break;
            case "param-set":
                table.paramSet.add(letter);
                break;
            case "prefix": {
                const rank = Number(kind[1]);
                const symbol = value.length >= 2 ? value[0] : "";
                table.prefix.set(letter, { symbol, rank: Number.isFinite(rank) ? rank : 0, name: kind[2] ?? letter });
                break;
            }
            case "simple":
                table.simple.add(letter);
                break;
            default:
                break;
        }
    }
    return table;
}
/** Reads CAPAB USERMODES (`simple:invisible=i simple:servprotect=k ...`) into name -> letter. */
export function parseCapabUsermodes(text) {
    const byName = new Map();
    for (const token of text.split(" ").filter(Boolean)) {
        const [kindPart, value] = splitOnce(token, "=");
        if (!value)
            continue;
        const kind = kindPart.split(":");
        const name = kind[kind.length - 1];
        byName.set(name, value[value.length - 1]);
    }
    return byName;
}
/** Splits "+ov-k nick1 nick2 key" into single changes using the mode table. Unknown letters take no parameter. */
export function parseModeChanges(modes, params, table) {
    const changes = [];
    let adding = true;
    let next = 0;
    for (const ch of modes) {
        if (ch === "+")
            adding = true;
        else if (ch === "-")
            adding = false;
        else {
            const takesParam = table.list.has(ch) || table.param.has(ch) || table.prefix.has(ch) || (adding && table.paramSet.has(ch));
            if (takesParam) {
                const param = params[next++];
                if (param === undefined)
                    continue;
                changes.push({ adding, mode: ch, param });
            }
            else {
                changes.push({ adding, mode: ch });
            }
        }
    }
    return changes;
}
function splitOnce(text, sep) {
    const at = text.indexOf(sep);
    return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
//# sourceMappingURL=modes.js.map