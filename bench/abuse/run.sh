#!/usr/bin/env bash
# The upload load test on loopback: CLIENTS clients (default 50) upload FILES files each (2-8 s 24-bit WAVs in 256 KiB
# pieces, three in flight), every fifth also sending malformed requests and every fifth other leaving its last file
# half-sent, each behind its own address, while RENDERS renders (default 3) run. The server (the demo portal on a
# loopback port, shipped limits, its own data folder) reports its resident memory, the render and analysis queues'
# waits, and checks that every completed upload is stored with its SHA-256; the clients report every answer's status.
# Not part of ./test.sh: it takes minutes and its figures depend on the machine (tests/…/Abuse/UploadLoadTests is the
# small version that runs there).
#
# usage: bench/abuse/run.sh [CLIENTS=50] [FILES=3] [RENDERS=3]
set -euo pipefail
clients=${1:-50}; files=${2:-3}; renders=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/abuse"
export BuildSlot=${BuildSlot:-bench-abuse}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"
echo "== build (Release)"
dotnet build -c Release "$root/bench/abuse/UploadLoadBench/UploadLoadBench.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
bench="$root/.build/$BuildSlot/bin/UploadLoadBench/Release/net10.0/UploadLoadBench.dll"
data=$(mktemp -d "$out/data.XXXXXX")
world="$data/world.json"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before"
dotnet "$bench" server "$data" "$world" "$clients" "$renders" >"$out/server.json" 2>"$out/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do [[ -s "$world" ]] && break; kill -0 "$server" 2>/dev/null || { tail -20 "$out/server.log"; exit 1; }; sleep 1; done
echo "== $clients clients x $files files, $renders renders queued"
set +e
/usr/bin/time -f "clients: %e s wall, %M kB peak" dotnet "$bench" clients "$world" "$files" >"$out/clients.json" 2>"$out/clients.time"
clients_rc=$?
wait "$server"; server_rc=$?
set -e
trap 'rm -rf "$data"' EXIT
echo "== machine load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-- clients"; cat "$out/clients.json"; cat "$out/clients.time"
echo "-- server"; cat "$out/server.json"
[[ $clients_rc -eq 0 && $server_rc -eq 0 ]] || { echo "load test FAILED (clients $clients_rc, server $server_rc)"; exit 1; }
echo "load test passed"
