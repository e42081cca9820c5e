import { register } from "./register.js";
import { verify } from "./verify.js";
import { resend } from "./resend.js";
import { identify } from "./identify.js";
import { logout } from "./logout.js";
import { info } from "./info.js";
import { set } from "./set.js";
import { group } from "./group.js";
import { ungroup } from "./ungroup.js";
import { ghost } from "./ghost.js";
import { regain } from "./regain.js";
import { resetpass } from "./resetpass.js";
import { setpass } from "./setpass.js";
import { mark } from "./mark.js";
import { reclaim } from "./reclaim.js";
import { cert } from "./cert.js";
import { drop } from "./drop.js";
import { exportData } from "./export.js";
/** NickServ's command table: one file per command, listed here. */
export const nickservCommands = [
    register,
    verify,
    resend,
    identify,
    logout,
    info,
    set,
    group,
    ungroup,
    ghost,
    regain,
    resetpass,
    setpass,
    mark,
    reclaim,
    cert,
    drop,
    exportData,
];
//# sourceMappingURL=index.js.map