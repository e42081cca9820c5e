/**
 * The sandbox's services.conf: services.conf.example (a production starting point) with the few
 * changes a local trial needs: mail written to files, the database next to the config in data/,
 * a sandbox server name.
 */

/** Each change: the line of the example it replaces, and the line the sandbox uses. */
const CHANGES: [from: RegExp, to: string][] = [
  [/^name = "[^"]*"$/m, 'name = "services.sandbox.local"'],
  [/^path = "[^"]*"$/m, 'path = "custodian.db"'],
  [/^transport = "smtp"$/m, 'transport = "file"'],
  [/^dir = "[^"]*"$/m, 'dir = "mail"'],
];

const HEADER = `# Written by \`npm run sandbox\` from services.conf.example, with mail written to files in
# data/mail instead of sent, and the database in data/custodian.db. Edit it to try other settings;
# the sandbox leaves it alone once it exists.
`;

/** The sandbox's config text made from the example's text. Throws when a line to change is missing. */
export function sandboxConfigText(example: string): string {
  let text = example;
  for (const [from, to] of CHANGES) {
    if (!from.test(text)) throw new Error(`services.conf.example has no line matching ${from}; update src/sandbox/config.ts`);
    text = text.replace(from, to);
  }
  return HEADER + "\n" + text;
}
