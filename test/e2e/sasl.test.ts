import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type Stack } from "./harness/stack.js";
import { ServerActions } from "../../src/irc/server-actions.js";
import { installSasl } from "../../src/wiring/sasl.js";
import { ok, err } from "../../src/util/result.js";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  const server = new ServerActions(stack.app.link);
  const acct = { id: "1ABCDEFGH", name: "Scratch", frozen: false } as any;
  const logins: any[] = [];
  (globalThis as any).logins = logins;
  installSasl({
    link: stack.app.link, network: stack.app.network, server,
    accounts: {
      authenticate: async (ref: string, pw: string) => (pw === "secret-pw" ? ok({ account: { ...acct, name: ref }, generatedPassword: false }) : err({ kind: "bad-password" })),
      login: (uid: string, account: any) => { logins.push(uid); server.setAccount(uid, { id: account.id, name: account.name }); },
    } as any,
    store: { byId: () => acct, resolve: () => acct } as any,
    actions: stack.app.services.actions,
    clock: stack.clock, log: stack.app.services.log,
  });
  // re-link so the bursting hook advertises mechanisms
});
afterAll(async () => { await stack?.stop(); });

describe("scratch", () => {
  it("sasl plain", async () => {
    const c = await stack.connect("scr1", { sasl: { account: "Scratch", password: "secret-pw" } });
    console.log("account", c.account, c.saslFailure);
    const w = await c.whois("scr1");
    console.log("whois account", w.account);
    const d = await stack.connect("scr2", { sasl: { account: "Scratch", password: "bad" } });
    console.log("fail", d.account, d.saslFailure, d.pendingNotices());
    await new Promise((r) => setTimeout(r, 500));
    console.log("notices", d.pendingNotices());
  });
});
