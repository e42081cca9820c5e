/** What the InspIRCd link is configured with and what it tells the rest of services. */

export const PROTOCOL_VERSION = 1205;

export interface LinkOptions {
  serverName: string;
  sid: string;
  description: string;
  host: string;
  port: number;
  sendPassword: string;
  receivePassword: string;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  version: string;
  /** Bytes that may wait to be sent before the uplink counts as not reading (default 16 MiB). */
  maxSendBuffer?: number;
}

export interface IncomingMessage {
  kind: "privmsg" | "notice";
  /** UID of the sender (lines from servers are dropped before this point). */
  from: string;
  /** A UID of ours, or a nick@server target as the ircd wrote it. */
  to: string;
  text: string;
}

export interface SaslMessage {
  /** SID of the server that sent the message (the client's server, or a hop towards it). */
  origin: string;
  /** UID of the connecting client (not yet introduced to the network while it registers). */
  client: string;
  /** The agent the ircd addresses: "*" until services answered, then the agent services named. */
  agent: string;
  /** H (host info: host, ip, S|P), S (start: mechanism [certfp]), C (client data), D (done/abort). */
  mode: string;
  data: string[];
}

export interface LinkEvents {
  /** Our burst is being sent: introduce clients now. Channels are joined on `ready`, when their timestamps are known. */
  bursting: [];
  /** Both bursts are complete; `ms` is the time from connect to the uplink's ENDBURST. */
  ready: [ms: number];
  disconnected: [reason: string];
  message: [message: IncomingMessage];
  sasl: [message: SaslMessage];
  /**
   * A server asks one of our clients to change its nick (SVSNICK). Only the target's own server
   * acts on an SVSNICK, so nothing changes unless services do it.
   */
  forcedNick: [uid: string, nick: string, source: string];
}
