const base='/work/wt/r3-commands-tests/.r3tmp/tsc/commands/';
const tables={NickServ:(await import(base+'nickserv/index.js')).nickservCommands,X2:(await import(base+'x2/index.js')).x2Commands,OperServ:(await import(base+'operserv/index.js')).operservCommands};
function dump(c,indent,prefix){
  console.log(`${indent}== ${prefix}${c.name}${c.aliases?' aka '+c.aliases.join(','):''}  [min ${c.minArgs} max ${c.maxArgs??'-'}${c.rest?' rest':''}${c.privilege?' priv '+c.privilege:''}${c.login?' login':''}${c.runWithoutSubcommand?' runWithoutSub':''}${c.run?'':' (no run)'}]`);
  console.log(`${indent}   syntax: ${c.syntax}`);
  console.log(`${indent}   summary: ${c.summary}`);
  for(const h of c.help) console.log(`${indent}   | ${h}`);
  for(const s of c.subcommands??[]) dump(s,indent+'    ',prefix+c.name+' ');
}
for(const [k,t] of Object.entries(tables)){console.log('######## '+k);for(const c of t) dump(c,'','');}
