/**
 * The sandbox's services.conf: services.conf.example (a production starting point) with the few
 * changes a local trial needs: mail written to files, the database next to the config in data/,
 * a sandbox server name; and, since every client of the sandbox connects from 127.0.0.1, loopback
 * exempt from the per-host registration limits, registration mail held 30 s instead of 5 min
 * (long enough to show the delay staff rely on, short enough to try the whole flow), and mail
 * naming the sandbox's network.
 */
import { SANDBOX_NETWORK } from "./inspircd.js";
/** The masks of loopback, exempt from the per-host registration limits in the sandbox. */
export const LOOPBACK_MASKS = ["127.0.0.0/8", "::1/128"];
/** How long registration mail waits in the sandbox. */
export const SANDBOX_MAIL_DELAY = "30s";
/** Each change: the line of the example it replaces, and the line the sandbox uses. */
const CHANGES = [
    [/^name = "[^"]*"$/m, 'name = "services.sandbox.local"'],
    [/^path = "[^"]*"$/m, 'path = "custodian.db"'],
    [/^transport = "smtp"$/m, 'transport = "file"'],
    [/^dir = "[^"]*"$/m, 'dir = "mail"'],
    [/^network_name = "[^"]*"$/m, `network_name = "${SANDBOX_NETWORK}"`],
    [/^delay = "[^"]*"$/m, `delay = "${SANDBOX_MAIL_DELAY}"`],
    [/^exempt_addresses = \[\]$/m, `exempt_addresses = [${LOOPBACK_MASKS.map((m) => `"${m}"`).join(", ")}]`],
];
const HEADER = `# Written by \`npm run sandbox\` from services.conf.example, with mail written to files in
# data/mail instead of sent, and the database in data/custodian.db. As every client here comes
# from 127.0.0.1, loopback is exempt from the per-host registration limits ([abuse]
# exempt_addresses); registration mail waits ${SANDBOX_MAIL_DELAY} ([mail] delay); mail names the network
# ${SANDBOX_NETWORK}. Edit it to try other settings; the sandbox leaves it alone once it exists.
`;
/** The sandbox's config text made from the example's text. Throws when a line to change is missing. */
export function sandboxConfigText(example) {
    let text = example;
    for (const [from, to] of CHANGES) {
        if (!from.test(text))
            throw new Error(`services.conf.example has no line matching ${from}; update src/sandbox/config.ts`);
        text = text.replace(from, to);
    }
    return HEADER + "\n" + text;
}
//# sourceMappingURL=config.js.map