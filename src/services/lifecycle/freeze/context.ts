/** What the freeze module is given: its records, and the accounts and channels domains through their facades. */
import type { AccountService, MailQueue } from "../../accounts/service.js";
import type { ChannelService } from "../../channels/service.js";
import type { DomainDeps } from "../../deps.js";
import type { FreezeStore } from "./store.js";

export interface FreezeDeps extends DomainDeps {
  store: FreezeStore;
  accounts: Pick<AccountService, "resolve" | "loggedInUids" | "logoutFrozen" | "releaseFrozenOwners" | "frozenFailure">;
  channels: Pick<ChannelService, "soleManagedBy" | "takeAccess" | "restoreAccess" | "suspend" | "resume" | "byId">;
  mail: MailQueue;
}

/** Where a frozen account's owner reads how to resolve it: [freeze] url, else [mail] url ("" when neither is set). */
export function resolveUrl(config: FreezeDeps["config"]): string {
  return config.freeze.url || config.mail.url;
}
