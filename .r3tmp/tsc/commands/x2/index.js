import { register } from "./register.js";
import { verify } from "./verify.js";
import { info } from "./info.js";
import { access } from "./access.js";
import { adduser } from "./adduser.js";
import { deluser } from "./deluser.js";
import { clvl } from "./clvl.js";
import { op, deop, voice, devoice } from "./status.js";
import { unregister } from "./unregister.js";
/** X2's command table: one file per command, listed here. */
export const x2Commands = [register, verify, info, access, adduser, deluser, clvl, op, deop, voice, devoice, unregister];
//# sourceMappingURL=index.js.map