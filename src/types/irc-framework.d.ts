declare module "irc-framework" {
  export class Message {
    constructor(command: string, ...params: string[]);
    tags: Record<string, string>;
    prefix: string;
    nick: string;
    ident: string;
    hostname: string;
    command: string;
    params: string[];
    to1459(): string;
  }
  export function ircLineParser(line: string): Message;
  export class Client {
    constructor(options?: Record<string, unknown>);
    [key: string]: any;
  }
  const _default: { Client: typeof Client; Message: typeof Message; ircLineParser: typeof ircLineParser };
  export default _default;
}
