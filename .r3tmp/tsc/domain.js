import { EmailBlacklist } from "./services/abuse/email-blacklist.js";
import { FailedVerifications } from "./services/abuse/failed-verifications.js";
import { RegistrationPolicy } from "./services/abuse/registration-policy.js";
import { CertFingerprints } from "./services/accounts/certfp.js";
import { AccountService } from "./services/accounts/service.js";
import { Sessions } from "./services/accounts/sessions.js";
import { AccountStore } from "./services/accounts/store.js";
import { AuditLog } from "./services/audit.js";
import { LoopBreaker } from "./services/breaker.js";
import { ChannelService } from "./services/channels/service.js";
import { ChannelStore } from "./services/channels/store.js";
import { FreezeService } from "./services/lifecycle/freeze/service.js";
import { FreezeStore } from "./services/lifecycle/freeze/store.js";
import { DeletionService } from "./services/lifecycle/deletion/service.js";
import { StaffDirectory } from "./services/staff-directory.js";
export function createDomain(o) {
    const { db, config, clock, log, network, actions, mail } = o;
    const audit = new AuditLog(db, clock);
    const breaker = new LoopBreaker(() => config.maintenance.breaker_limit, clock, audit, (alert) => actions.alertOpers(alert));
    const blacklist = new EmailBlacklist(db, clock, audit);
    const failedVerifications = new FailedVerifications(db, clock, audit);
    // The freeze records come first: the accounts and channels domains read them through ports.
    const freezeStore = new FreezeStore(db);
    const staff = new StaffDirectory(db, config, clock, audit);
    const accounts = new AccountService({
        staff,
        store: new AccountStore(db),
        sessions: new Sessions(),
        mail,
        audit,
        clock,
        config,
        log: log.child({ part: "accounts" }),
        network,
        actions,
        emailBlacklist: blacklist,
        // Through the channels domain, which owns those tables (it is built below).
        channelCounts: (accountId) => channels.accessCounts(accountId),
        freezes: freezeStore,
        // Through the deletion domain (built below): accounts in an open case do not expire, and a
        // deleted account's entity ID is never given again.
        expiryOptions: o.expiryOptions ?? { hasOpenDeletionCase: (accountId) => deletion.hasOpenCase(accountId) },
        entityIdRetired: (id) => deletion.isRetired(id),
    });
    const certfps = new CertFingerprints(db, clock, audit);
    const registrationPolicy = new RegistrationPolicy({
        db,
        clock,
        config,
        audit,
        actions,
        blacklist,
        failed: failedVerifications,
        // What the channels domain holds, through its facade (it is built below).
        counts: {
            countForEmail: (canonical) => channels.countForEmail(canonical),
            pendingCount: () => channels.pendingCount(),
            oldestPendingAt: () => channels.oldestPendingAt(),
        },
    });
    const channels = new ChannelService({
        store: new ChannelStore(db),
        accounts,
        mail,
        policy: registrationPolicy,
        blacklist,
        failed: failedVerifications,
        audit,
        clock,
        config,
        log: log.child({ part: "channels" }),
        network,
        actions,
        suspensions: freezeStore,
    });
    const freeze = new FreezeService({ store: freezeStore, accounts, channels, mail, audit, clock, config, log: log.child({ part: "freeze" }), network, actions });
    // [opers] names that accounts already hold are bound to them (and so reserved) from now on.
    for (const bound of staff.bindExisting((name) => accounts.byName(name))) {
        log.info({ name: bound.name, account: bound.accountId }, "[opers] name bound to the account that holds it");
    }
    const deletion = new DeletionService({
        db,
        accounts,
        channels,
        mail,
        audit,
        clock,
        config,
        log: log.child({ part: "deletion" }),
        network,
        actions,
        freezes: freezeStore,
        staff,
    });
    return {
        audit,
        breaker,
        staff,
        accounts,
        expiry: accounts.expiry,
        certfps,
        blacklist,
        failedVerifications,
        registrationPolicy,
        channels,
        freeze,
        deletion,
        dispose: () => channels.dispose(),
    };
}
//# sourceMappingURL=domain.js.map