export {};
//# sourceMappingURL=info.js.map