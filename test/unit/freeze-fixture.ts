/**
 * A freeze world for unit tests: the channel world (real domain, in-memory database, fake
 * network) with NickServ commands too, and a member, Bob, who owns #solo alone, is coowner of
 * Carol's #shared and op in Dave's #other, logged in and present in #solo. StaffOne is an admin.
 */
import { CommandTable, dispatch } from "../../src/commands/dispatcher.js";
import { nickservCommands } from "../../src/commands/nickserv/index.js";
import type { OnlineUser } from "../../src/services/ports.js";
import { silentLogger } from "../../src/util/logger.js";
import { commandContext } from "../support.js";
import { makeChannelWorld, type ChannelWorld } from "./channels-fixture.js";

export interface FreezeWorld extends ChannelWorld {
  staff: OnlineUser;
  bob: OnlineUser;
  carol: OnlineUser;
  dave: OnlineUser;
  bobId: string;
  /** A NickServ command through the real dispatcher. */
  ns(user: OnlineUser, text: string): Promise<string[]>;
}

export const BOB_PASSWORD = "correct horse battery";

export async function makeFreezeWorld(sections: { channels?: string; mail?: string; maintenance?: string } = {}): Promise<FreezeWorld> {
  const w = makeChannelWorld({ mail: `per_address_per_hour = 50\n${sections.mail ?? ""}`, ...(sections.channels ? { channels: sections.channels } : {}), ...(sections.maintenance ? { maintenance: sections.maintenance } : {}) });
  const staff = await w.member("StaffOne");
  const bob = await w.registerActive("Bob", "#solo");
  const carol = await w.registerActive("Carol", "#shared");
  const dave = await w.registerActive("Dave", "#other");
  await w.x2(carol, "ADDUSER #shared Bob coowner");
  await w.x2(dave, "ADDUSER #other Bob op");
  const table = new CommandTable(nickservCommands);
  const log = silentLogger();
  return Object.assign(w, {
    staff,
    bob,
    carol,
    dave,
    bobId: w.account("Bob")!.id,
    async ns(user: OnlineUser, text: string) {
      const { ctx, replies } = commandContext("nickserv", w.actor(user), w.services);
      await dispatch(table, ctx, text, log);
      return replies;
    },
  });
}
