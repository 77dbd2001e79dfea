#!/usr/bin/env bash
# Uploads a 1 GB 96 kHz 24-bit WAV over loopback through the portal's real chunk endpoints
# (bench/upload/UploadBenchClient, speaking the protocol of docs/UPLOADS.md like uploader.js), against the
# Release build of the app started on a loopback port with its own data folder, and reports throughput and
# the server's peak memory (VmHWM, reset before each upload through /proc/PID/clear_refs) and CPU time.
# A 100 MB file is uploaded in the same way, interleaved, to show that the server's memory does not grow
# with the file's size. Reference figures on the same file, interleaved too: `sha256sum` (the hash the
# protocol pays on each side) and `cp` (writing the bytes once).
#
# usage: bench/upload/run.sh [RUNS=3] [SIZE_MB=1000]
# needs: dotnet, python3, /usr/bin/time; root for clear_refs (otherwise VmHWM includes start-up)
set -euo pipefail
runs=${1:-3}
size_mb=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/upload"
data="$out/data"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench-upload}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== build (Release)"
dotnet build -c Release "$root/src/MasteringPortal.Web/MasteringPortal.Web.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
dotnet build -c Release "$root/bench/upload/UploadBenchClient/UploadBenchClient.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
app="$root/.build/$BuildSlot/bin/MasteringPortal.Web/Release/net10.0/MasteringPortal.Web.dll"
client="$root/.build/$BuildSlot/bin/UploadBenchClient/Release/net10.0/UploadBenchClient.dll"

big="$out/mix-${size_mb}MB-96k24.wav"
small="$out/mix-100MB-96k24.wav"
[[ -s "$big" ]] || { echo "== making $big"; python3 "$root/bench/upload/make-wav.py" "$big" "$size_mb"; }
[[ -s "$small" ]] || { echo "== making $small"; python3 "$root/bench/upload/make-wav.py" "$small" 100; }

rm -rf "$data"; mkdir -p "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "== starting the app on 127.0.0.1:$port (data in $data)"
ASPNETCORE_ENVIRONMENT=Production \
ConnectionStrings__Sqlite="Data Source=$data/portal.db" Storage__Root="$data/files" DataProtection__KeysPath="$data/keys" \
Logging__LogLevel__Default=Warning Demo__Seed=true \
RateLimits__SignIn__PermitLimit=1000 RateLimits__Uploads__PermitLimit=100000 \
  dotnet "$app" --urls "http://127.0.0.1:$port" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "the app stopped; see $out/server.log" >&2; exit 1; }
  sleep 1
done
# The demo is off by default (a real studio starts empty), so the bench asks for it; each upload signs in afresh, which
# a quiet machine does faster than the sign-in limit allows.
# The engineer uploads to the submitted demo project (a client could not: it is past the draft stage).
read -r project track < <(python3 - "$data/portal.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*db.execute("select t.ProjectId, t.Id from Tracks t join Projects p on p.Id = t.ProjectId where p.Title = 'Late Bus Home'").fetchone())
PY
)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$pid/status"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
hz=$(getconf CLK_TCK)
echo "server idle after start-up and seed: VmRSS $(rss_kb) kB, VmHWM $(hwm_kb) kB"

upload() { # FILE -> one line: the client's JSON, then server peak kB and server CPU s
  echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true
  local before; before=$(cpu_ticks)
  local line; line=$(/usr/bin/time -f "%e %U %S" -o "$out/client-time.txt" dotnet "$client" "http://127.0.0.1:$port" \
    engineer@demo.studio Demo-mastering-1 "$project" "$track" "$1")
  local after; after=$(cpu_ticks)
  echo "$line server_peak_kB=$(hwm_kb) server_cpu_s=$(awk -v a="$after" -v b="$before" -v hz="$hz" 'BEGIN {printf "%.2f", (a-b)/hz}') client_wall_user_sys=$(cat "$out/client-time.txt" | tr ' ' ,)"
}

echo "== warm-up (JIT, file cache)"
upload "$small" >/dev/null
for ((i = 1; i <= runs; i++)); do
  echo "-- run $i"
  echo "big:    $(upload "$big")"
  echo "small:  $(upload "$small")"
  echo "sha256sum: $(/usr/bin/time -f '%e s wall %U user %S sys' sha256sum "$big" 2>&1 >/dev/null)"
  echo "cp:        $(/usr/bin/time -f '%e s wall %U user %S sys' cp "$big" "$out/copy.tmp" 2>&1; rm -f "$out/copy.tmp")"
done
echo "== stopping the app (PID $pid)"
