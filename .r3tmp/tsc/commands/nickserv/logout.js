export const logout = {
    name: "LOGOUT",
    syntax: "LOGOUT",
    summary: "Logs you out of your account.",
    help: ["Logs you out. Your nickname stays registered; you may be asked to identify again to keep using it."],
    minArgs: 0,
    maxArgs: 0,
    run(ctx) {
        const { accounts } = ctx.services;
        const current = accounts.accountOf(ctx.source.uid);
        const pending = current ? null : accounts.pendingAccountOf(ctx.source.uid);
        if (!current && !pending) {
            ctx.reply("You are not logged in.");
            return;
        }
        accounts.logout(ctx.source.uid);
        ctx.reply(`You have been logged out of ${(current ?? pending)?.name}.`);
    },
};
//# sourceMappingURL=logout.js.map