/** Types for atheme.mjs: a private Atheme (atheme-services 7.2) linked to an InspIRCd 3. */
import type { ChildProcess } from "node:child_process";

export declare const athemeBinary: () => string;

/** Installs Debian's atheme-services when missing (apt-get, via sudo when not root); returns the binary. */
export declare function ensureAtheme(): string;

export declare const ATHEME_DEFAULTS: Readonly<{ serverName: string; sid: string; sendPassword: string; receivePassword: string }>;

export interface AthemeLinkOptions {
  serverName?: string;
  /** The ircd's server port (InspIRCd requires it in <link>). */
  port?: number;
  sendPassword?: string;
  receivePassword?: string;
}

/** The InspIRCd <link> and <uline> blocks for Atheme's server (startInspircd's extraConf). */
export declare function athemeLinkConf(options?: AthemeLinkOptions): string;

export declare const ATHEME_MODULES: string[];

export interface AthemeConfigOptions {
  uplink: { name: string; host?: string; port: number; sendPassword?: string; receivePassword?: string };
  serverName?: string;
  /** Atheme's server id (SID for InspIRCd): a digit then two of 0-9A-Z. */
  sid?: string;
  description?: string;
  /** Crypto modules; the first is the default for new passwords. ["pbkdf2v2"] by default. */
  crypto?: string[];
  /** PBKDF2 iterations for new pbkdf2v2 hashes: 10000 (Atheme's minimum) by default. */
  pbkdf2Rounds?: number;
  /** "SHA1", "SHA256" or "SHA512" (default). */
  pbkdf2Digest?: string;
  nicks?: { nickserv?: string; chanserv?: string; operserv?: string };
  /** Services operators by account name; operclass "sra" (every privilege, no /oper needed) by default. */
  opers?: Array<{ account: string; operclass?: string }>;
  /** More module paths, e.g. "nickserv/vhost" or "crypto/posix". */
  extraModules?: string[];
  /** Text appended to atheme.conf. */
  extraConf?: string;
  /** Log everything, the protocol lines included (passwords too: tests only). */
  debugLog?: boolean;
}

export declare function athemeConfig(options: AthemeConfigOptions): string;

export interface AthemeStartOptions extends AthemeConfigOptions {
  /** The folder for the config, log and data; a new temp folder by default. */
  dir?: string;
  /** A services.db to start from (copied into the data folder). */
  database?: string;
  /** How long linking may take (30 s by default). */
  startTimeoutMs?: number;
}

export interface RunningAtheme {
  dir: string;
  configPath: string;
  logPath: string;
  /** Where Atheme writes its database (data/services.db in dir). */
  dbPath: string;
  serverName: string;
  process: ChildProcess;
  /** SIGTERM; resolves with dbPath once Atheme has written its database and exited. */
  stop(): Promise<string>;
  /** stop(), then removes the folder if startAtheme created it (not with KEEP_E2E_DIRS). */
  cleanup(): Promise<void>;
  logTail(): string;
}

/** Starts Atheme and resolves once it has linked and finished its burst. */
export declare function startAtheme(options: AthemeStartOptions): Promise<RunningAtheme>;
