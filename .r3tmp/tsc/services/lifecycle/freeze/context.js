/** Where a frozen account's owner reads how to resolve it: [freeze] url, else [mail] url ("" when neither is set). */
export function resolveUrl(config) {
    return config.freeze.url || config.mail.url;
}
//# sourceMappingURL=context.js.map