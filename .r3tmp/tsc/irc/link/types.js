/** What the InspIRCd link is configured with and what it tells the rest of services. */
export const PROTOCOL_VERSION = 1205;
//# sourceMappingURL=types.js.map