import { stats } from "./stats.js";
import { review } from "./review.js";
import { breaker } from "./breaker.js";
import { blacklist } from "./blacklist.js";
import { failed } from "./failed.js";
import { expiring } from "./expiring.js";
import { noexpire } from "./noexpire.js";
import { audit } from "./audit.js";
import { rehash } from "./rehash.js";
import { freeze } from "./freeze.js";
import { unfreeze } from "./unfreeze.js";
import { rejoin } from "./rejoin.js";
import { deleteAccount } from "./delete.js";
import { deletionCase } from "./case/index.js";
/** OperServ's command table: one file per command, listed here. */
export const operservCommands = [stats, breaker, blacklist, failed, expiring, noexpire, rejoin, review, audit, rehash, freeze, unfreeze, deleteAccount, deletionCase];
//# sourceMappingURL=index.js.map