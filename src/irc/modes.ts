/** How each channel mode letter takes parameters, as the ircd announced in CAPAB CHANMODES. */
export interface ChannelModeTable {
  /** List modes (bans, exceptions): always a parameter. */
  list: Set<string>;
  /** Modes that take a parameter both when set and unset (key). */
  param: Set<string>;
  /** Modes that take a parameter only when set (limit). */
  paramSet: Set<string>;
  /** Prefix (status) modes: letter -> symbol and rank. */
  prefix: Map<string, { symbol: string; rank: number; name: string }>;
  simple: Set<string>;
}

/** The usual InspIRCd 3 table; replaced by what the uplink announces. */
export function defaultChannelModes(): ChannelModeTable {
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
export function parseCapabChanmodes(text: string): ChannelModeTable {
  const table: ChannelModeTable = { list: new Set(), param: new Set(), paramSet: new Set(), prefix: new Map(), simple: new Set() };
  for (const token of text.split(" ").filter(Boolean)) {
    const [kindPart, value] = splitOnce(token, "=");
    if (value === undefined || value.length === 0) continue;
    const kind = kindPart.split(":");
    const letter = value[value.length - 1] as string;
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
        const symbol = value.length >= 2 ? (value[0] as string) : "";
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
export function parseCapabUsermodes(text: string): Map<string, string> {
  const byName = new Map<string, string>();
  for (const token of text.split(" ").filter(Boolean)) {
    const [kindPart, value] = splitOnce(token, "=");
    if (!value) continue;
    const kind = kindPart.split(":");
    const name = kind[kind.length - 1] as string;
    byName.set(name, value[value.length - 1] as string);
  }
  return byName;
}

export interface ModeChange {
  adding: boolean;
  mode: string;
  param?: string;
}

/** Splits "+ov-k nick1 nick2 key" into single changes using the mode table. Unknown letters take no parameter. */
export function parseModeChanges(modes: string, params: string[], table: ChannelModeTable): ModeChange[] {
  const changes: ModeChange[] = [];
  let adding = true;
  let next = 0;
  for (const ch of modes) {
    if (ch === "+") adding = true;
    else if (ch === "-") adding = false;
    else {
      const takesParam =
        table.list.has(ch) || table.param.has(ch) || table.prefix.has(ch) || (adding && table.paramSet.has(ch));
      if (takesParam) {
        const param = params[next++];
        if (param === undefined) continue;
        changes.push({ adding, mode: ch, param });
      } else {
        changes.push({ adding, mode: ch });
      }
    }
  }
  return changes;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
