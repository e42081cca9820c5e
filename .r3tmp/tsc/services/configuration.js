export {};
//# sourceMappingURL=configuration.js.map