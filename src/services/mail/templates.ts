/**
 * The text of every mail Custodian sends, one template per kind.
 *
 * Data comes from our own code, not from users: a missing key is a bug and throws; keys a
 * template does not use are ignored. Each mail ends with the same footer (network name, URL,
 * staff contact). Mails hold only the secret they exist to deliver (a code or a generated
 * password), never anything else. The deletion mails are in deletion-templates.ts; how values
 * are inserted, in template-text.ts.
 */
import { describeSpan, formatUtcMinute } from "../../util/duration.js";
import { singleLine } from "../../util/text.js";
import { DELETION_RENDERERS } from "./deletion-templates.js";
import { IGNORE, text, type Data, type MailBranding, type Renderer } from "./template-text.js";

export type { MailBranding } from "./template-text.js";

/** The data each template reads. Optional keys have defaults; unknown keys are ignored. */
export interface MailTemplateData {
  /** A new account: the code that verifies it. */
  account_verify: { account: string; code: string; verifyWindow: string; serviceNick?: string };
  /** Sent to the new address when an account's email changes. */
  email_change_verify: {
    account: string;
    code: string;
    newEmail: string;
    verifyWindow?: string;
    serviceNick?: string;
    /** Overrides the whole command line shown (default `/msg NickServ VERIFY EMAIL <account> <code>`). */
    command?: string;
  };
  password_reset: { account: string; code: string; lifetime: string; serviceNick?: string };
  /** X2 REGISTER by a user without an account: the generated password of the account made for them. */
  channel_register_password: {
    channel: string;
    account: string;
    password: string;
    verifyWindow: string;
    serviceNick?: string;
  };
  /** X2 REGISTER by a user with an account: the code that verifies the channel. */
  channel_verify_code: { channel: string; account: string; code: string; verifyWindow: string; serviceNick?: string };
  channel_rejected: { channel: string; reason: string };
  nick_expire_warning: {
    account: string;
    entityId: string;
    degradedName: string;
    /**
     * When the nicks expire (ms): the mail says the time left when it is sent and the date,
     * "in 3 minutes (2026-03-08 14:05 UTC)".
     */
    degradeAt?: number;
    /** Mails queued before degradeAt existed: the same as text, "in 7 days (2026-03-08)". */
    when?: string;
    serviceNick?: string;
  };
  nick_expired: { account: string; entityId: string; degradedName: string; serviceNick?: string };
  /** NickServ DROP <account> <password>: the code that confirms the request (and opens the case). */
  account_deletion_confirm: {
    account: string;
    code: string;
    /** How long the code works: "24h". */
    lifetime: string;
    serviceNick?: string;
    /** Overrides the whole command line shown (default `/msg NickServ DROP <account> <password> <code>`). */
    command?: string;
  };
  /** OperServ FREEZE: the member is told, by mail too (mail to a frozen account still goes out). */
  account_frozen: {
    account: string;
    reason: string;
    /** When a timed freeze ends ("2026-03-01 12:00 UTC"), or "" for until lifted. */
    until?: string;
    /** Where to read how to resolve it ([freeze] url, else [mail] url); "" for none. */
    resolveUrl?: string;
    serviceNick?: string;
  };
  /** OperServ UNFREEZE. */
  account_unfrozen: { account: string; serviceNick?: string };
  /** A timed freeze ended by itself. */
  account_freeze_ended: { account: string; serviceNick?: string };
  /** A deletion case was opened for the account: what will happen, when, and how to object. */
  account_deletion_opened: DeletionPlanData & {
    /** When it is carried out at the earliest, as text: "2026-01-15 12:00 UTC". */
    executeAt: string;
    /** Member cases: the code of /msg NickServ DROP CANCEL <code>. Staff cases have none: the member writes to staff. */
    cancelCode?: string;
    serviceNick?: string;
  };
  /** The account was deleted: what was done. The last mail to the address. */
  account_deletion_done: DeletionPlanData & { entityId: string };
  /** The case was cancelled; the account stays. */
  account_deletion_cancelled: { account: string; caseNumber: string; by: "member" | "staff" };
  /** Everything services hold about an account, as JSON (NickServ EXPORT, OperServ CASE EXPORT). */
  account_export:
    | {
        /** NickServ EXPORT: the member's own account. */
        account: string;
        entityId: string;
        /** The JSON document, pretty-printed. */
        json: string;
      }
    | {
        /** OperServ CASE EXPORT: the case it was taken for, and its accounts (`?<entity ID>`). */
        caseNumber: string;
        accounts: string[];
        json: string;
      };
}

/** What a deletion does to an account, as the deletion mails list it (names as the account holder knows them). */
export type DeletionPlanData = {
  account: string;
  caseNumber: string;
  /** Channels handed to a successor. */
  successions: Array<{ channel: string; successor: string }>;
  /** Channels dropped (no successor). */
  drops: string[];
  /** Channels where the account's access is removed. */
  access: string[];
  /** The nicknames released. */
  nicks: string[];
  /** The account's staff privileges are revoked. */
  staff: boolean;
};

/** The names of the mail kinds. */
export type MailTemplate = keyof MailTemplateData;

export const MAIL_TEMPLATES = [
  "account_verify",
  "email_change_verify",
  "password_reset",
  "channel_register_password",
  "channel_verify_code",
  "channel_rejected",
  "nick_expire_warning",
  "nick_expired",
  "account_deletion_confirm",
  "account_frozen",
  "account_unfrozen",
  "account_freeze_ended",
  "account_deletion_opened",
  "account_deletion_done",
  "account_deletion_cancelled",
  "account_export",
] as const satisfies readonly MailTemplate[];

export function isMailTemplate(name: string): name is MailTemplate {
  return (MAIL_TEMPLATES as readonly string[]).includes(name);
}

export interface RenderedMail {
  /** One line: never contains CR or LF. */
  subject: string;
  text: string;
}

function footer(mail: MailBranding, ignoreLine: string | null): string[] {
  const contact = mail.contact || mail.from;
  const lines: string[] = [];
  if (ignoreLine) lines.push("", ignoreLine);
  lines.push("", "-- ", mail.network_name);
  if (mail.url) lines.push(mail.url);
  lines.push(`Questions? Write to the staff at ${contact}.`);
  lines.push("This mail was sent automatically; replies to it may not be read.");
  return lines;
}

/** The data both expiry mails read. */
function expiryData(t: MailTemplate, d: Data): { account: string; entityId: string; degraded: string; ns: string } {
  return { account: text(t, d, "account"), entityId: text(t, d, "entityId"), degraded: text(t, d, "degradedName"), ns: text(t, d, "serviceNick", "NickServ") };
}

/** How to take back a degraded account (both expiry mails say it): by the name, or by the entity ID. */
const reclaimLines = (ns: string, entityId: string, account: string): string[] => [
  `  /msg ${ns} RECLAIM ${account} <password> [new name]`,
  "",
  `or, naming it by its entity ID (which always works, even if others had the name ${account} too):`,
  "",
  `  /msg ${ns} RECLAIM ${entityId} <password> [new name]`,
];

/** How to stop the expiry mails (both end with it). */
const optOutLines = (ns: string): string[] => ["To stop these mails, log in and type:", "", `  /msg ${ns} SET EXPMAIL OFF`];

/** "in 3 minutes (2026-03-08 14:05 UTC)", from the time left when the mail is sent. */
function expiresWhen(t: MailTemplate, d: Data, now: number): string {
  const at = d.degradeAt;
  if (typeof at !== "number" || !Number.isFinite(at)) return text(t, d, "when");
  return at > now ? `in ${describeSpan(at - now)} (${formatUtcMinute(at)})` : `on ${formatUtcMinute(at)}`;
}

/** The two mails that end a freeze: by an oper, or because its time was up. */
function unfrozenMail(t: "account_unfrozen" | "account_freeze_ended", d: Data, mail: MailBranding): ReturnType<Renderer> {
  const account = text(t, d, "account");
  const ns = text(t, d, "serviceNick", "NickServ");
  return {
    subject: `${mail.network_name}: the account ${account} is no longer frozen`,
    body: [
      "Hello,",
      "",
      t === "account_unfrozen"
        ? `The staff of ${mail.network_name} have lifted the freeze of the account ${account}.`
        : `The freeze of the account ${account} on ${mail.network_name} has ended, as planned.`,
      "Its channel access and channels are back where they could be restored. You can log in",
      "again as before:",
      "",
      `  /msg ${ns} IDENTIFY ${account} <password>`,
    ],
    ignore: null,
  };
}

const frozenMail: Renderer = (d, mail) => {
  const t = "account_frozen";
  const account = text(t, d, "account");
  const until = text(t, d, "until", "");
  const url = text(t, d, "resolveUrl", "");
  const contact = mail.contact || mail.from;
  return {
    subject: `${mail.network_name}: the account ${account} has been frozen`,
    body: [
      "Hello,",
      "",
      `The staff of ${mail.network_name} have frozen the account ${account}.`,
      "",
      `Reason: ${text(t, d, "reason")}`,
      "",
      until ? `The freeze ends by itself on ${until}, unless the staff lift it earlier.` : "The freeze lasts until the staff lift it.",
      "Meanwhile nobody can log in to the account, and its channel access is put aside; its",
      "password and email address stay as they are, and you can still connect and talk to",
      "anyone, staff included.",
      "",
      url ? `How to resolve this: ${url}` : `To resolve this, write to the staff at ${contact}.`,
      ...(url ? [`Or write to the staff at ${contact}.`] : []),
    ],
    ignore: null,
  };
};

const RENDERERS: { [K in MailTemplate]: Renderer } = {
  account_verify(d, mail) {
    const t = "account_verify";
    const account = text(t, d, "account");
    const ns = text(t, d, "serviceNick", "NickServ");
    return {
      subject: `${mail.network_name}: verify your account ${account}`,
      body: [
        "Hello,",
        "",
        `Someone, hopefully you, registered the account ${account} on ${mail.network_name}`,
        "with this email address. To finish the registration, type this on IRC:",
        "",
        `  /msg ${ns} VERIFY REGISTER ${account} ${text(t, d, "code")}`,
        "",
        `The code works for ${text(t, d, "verifyWindow")}. Until it is used, nobody can log in to`,
        "the account.",
      ],
      ignore: IGNORE,
    };
  },

  email_change_verify(d, mail) {
    const t = "email_change_verify";
    const account = text(t, d, "account");
    const ns = text(t, d, "serviceNick", "NickServ");
    const code = text(t, d, "code");
    const command = text(t, d, "command", `/msg ${ns} VERIFY EMAIL ${account} ${code}`);
    const window = text(t, d, "verifyWindow", "");
    return {
      subject: `${mail.network_name}: confirm the new email address of ${account}`,
      body: [
        "Hello,",
        "",
        `Someone, hopefully you, asked to change the email address of the account ${account}`,
        `on ${mail.network_name} to ${text(t, d, "newEmail")}. To confirm, type this on IRC:`,
        "",
        `  ${command}`,
        "",
        window
          ? `The code works for ${window}. Until it is used, the account keeps its old address.`
          : "Until the code is used, the account keeps its old address.",
      ],
      ignore: `${IGNORE} Nothing will change.`,
    };
  },

  password_reset(d, mail) {
    const t = "password_reset";
    const account = text(t, d, "account");
    const ns = text(t, d, "serviceNick", "NickServ");
    return {
      subject: `${mail.network_name}: reset the password of ${account}`,
      body: [
        "Hello,",
        "",
        `Someone, hopefully you, asked to reset the password of the account ${account}`,
        `on ${mail.network_name}. To choose a new password, type this on IRC:`,
        "",
        `  /msg ${ns} RESETPASS ${account} ${text(t, d, "code")} <newpassword>`,
        "",
        `replacing <newpassword> with the password you want. The code works for ${text(t, d, "lifetime")},`,
        "once.",
      ],
      ignore: `${IGNORE} Your password stays as it is.`,
    };
  },

  channel_register_password(d, mail) {
    const t = "channel_register_password";
    const channel = text(t, d, "channel");
    const account = text(t, d, "account");
    const password = text(t, d, "password");
    const window = text(t, d, "verifyWindow");
    const ns = text(t, d, "serviceNick", "NickServ");
    return {
      subject: `${mail.network_name}: your registration of ${channel}`,
      body: [
        "Hello,",
        "",
        `Someone, hopefully you, registered the channel ${channel} on ${mail.network_name}`,
        `with this email address. An account named ${account} was made for you, with this password:`,
        "",
        `  ${password}`,
        "",
        `The channel stays unverified until you log in to that account. Within ${window}, type this on IRC:`,
        "",
        `  /msg ${ns} IDENTIFY ${account} ${password}`,
        "",
        "Once logged in, choose your own password:",
        "",
        `  /msg ${ns} SET PASSWORD <newpassword>`,
        "",
        `If nobody logs in within ${window}, the channel registration and the account are dropped.`,
      ],
      ignore: `${IGNORE} The registration will be dropped by itself.`,
    };
  },

  channel_verify_code(d, mail) {
    const t = "channel_verify_code";
    const channel = text(t, d, "channel");
    const x2 = text(t, d, "serviceNick", "X2");
    return {
      subject: `${mail.network_name}: verify your registration of ${channel}`,
      body: [
        "Hello,",
        "",
        `Someone, hopefully you, registered the channel ${channel} on ${mail.network_name}`,
        `for the account ${text(t, d, "account")}. To verify the registration, type this on IRC:`,
        "",
        `  /msg ${x2} VERIFY ${channel} ${text(t, d, "code")}`,
        "",
        `The code works for ${text(t, d, "verifyWindow")}; after that the registration is dropped.`,
      ],
      ignore: `${IGNORE} The registration will be dropped by itself.`,
    };
  },

  channel_rejected(d, mail) {
    const t = "channel_rejected";
    const channel = text(t, d, "channel");
    return {
      subject: `${mail.network_name}: registration of ${channel} not accepted`,
      body: [
        "Hello,",
        "",
        `The staff of ${mail.network_name} did not accept the registration of ${channel}.`,
        "",
        `Reason: ${text(t, d, "reason")}`,
        "",
        `If you think this is a mistake, write to ${mail.contact || mail.from}.`,
      ],
      ignore: null,
    };
  },

  nick_expire_warning(d, mail, now) {
    const t = "nick_expire_warning";
    const { account, entityId, degraded, ns } = expiryData(t, d);
    const when = expiresWhen(t, d, now);
    return {
      subject: `${mail.network_name}: the nicknames of ${account} expire ${when}`,
      body: [
        "Hello,",
        "",
        `The account ${account} on ${mail.network_name} has not been used for a long time. Its`,
        `nicknames expire ${when}. To keep them, log in before then:`,
        "",
        `  /msg ${ns} IDENTIFY ${account} <password>`,
        "",
        `If they expire, the account is not deleted: it is renamed ${degraded}`,
        `(entity ID ${entityId}) and keeps its channels and access. To take it back later:`,
        "",
        ...reclaimLines(ns, entityId, account),
        "",
        ...optOutLines(ns),
      ],
      ignore: null,
    };
  },

  nick_expired(d, mail) {
    const { account, entityId, degraded, ns } = expiryData("nick_expired", d);
    return {
      subject: `${mail.network_name}: the nicknames of ${account} have expired`,
      body: [
        "Hello,",
        "",
        `The nicknames of the account ${account} on ${mail.network_name} have expired because it`,
        `was not used for a long time. The account itself still exists: it is now named ${degraded}`,
        `(entity ID ${entityId}) and keeps its channels and access. To take it back, type on IRC:`,
        "",
        ...reclaimLines(ns, entityId, account),
        "",
        "The old nicknames may have been registered by someone else meanwhile; then choose a new name.",
        "",
        ...optOutLines(ns),
      ],
      ignore: null,
    };
  },

  account_frozen: frozenMail,
  account_unfrozen: (d, mail) => unfrozenMail("account_unfrozen", d, mail),
  account_freeze_ended: (d, mail) => unfrozenMail("account_freeze_ended", d, mail),
  ...DELETION_RENDERERS,
};

/**
 * Renders a mail. Throws (a bug) on an unknown template or a missing data key. The subject is
 * one line; the body ends with the footer. `now` is when it is sent (texts that say how long is
 * left count from it).
 */
export function renderMail<T extends MailTemplate>(
  template: T,
  data: MailTemplateData[T] | Readonly<Record<string, unknown>>,
  mail: MailBranding,
  now: number = Date.now(),
): RenderedMail {
  const renderer = Object.hasOwn(RENDERERS, template) ? RENDERERS[template] : undefined;
  if (!renderer) throw new Error(`unknown mail template ${String(template)}`);
  const { subject, body, ignore } = renderer(data as Data, mail, now);
  return {
    // Subjects are one line: CR, LF and other control characters are removed.
    subject: singleLine(subject),
    text: [...body, ...footer(mail, ignore)].join("\n") + "\n",
  };
}
