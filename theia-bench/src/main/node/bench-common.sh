# Shared by foreign-bench.sh and live-bench.sh (sourced, with $root set to the repository): the npm ws package
# (installed into theia-bench/target/node-ws once), a temporary directory $data and the background processes in
# $pids, both cleaned up on exit, and two helpers.
modules="$root/theia-bench/target/node-ws"
if [ ! -f "$modules/node_modules/ws/package.json" ]; then
  mkdir -p "$modules"
  npm install --prefix "$modules" --no-audit --no-fund --no-save ws@8 >&2
fi
export NODE_PATH="$modules/node_modules"
data="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT

# a free TCP port on 127.0.0.1
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
# waits until a server answers HTTP on the port (20 s at most)
wait_http() { for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$1/metrics" && return 0; sleep 0.1; done; echo "no server on $1" >&2; exit 1; }
