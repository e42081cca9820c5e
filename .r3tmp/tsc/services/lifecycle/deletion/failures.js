export {};
//# sourceMappingURL=failures.js.map