/** Atheme's records as read from its database file, each with the line it came from. */
export {};
//# sourceMappingURL=model.js.map