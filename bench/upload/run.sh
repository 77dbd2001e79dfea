#!/usr/bin/env bash
# Uploads through the portal's real chunk endpoints over loopback (bench/upload/UploadBenchClient speaks the protocol of
# docs/UPLOADS.md as uploader.js does: sign in, SHA-256 of the whole file, begin, 8 MiB chunks three in flight each with
# its own SHA-256, complete, where the server hashes the whole part file again, probes it, moves it into the store and
# writes the FileAsset), against the Release build of the app started on a loopback port with its own data folder,
# issue 18 §5's method (bench/lib/bench.sh):
# - cases: a 1 GB and a 100 MB 96 kHz 24-bit stereo WAV (bench/upload/make-wav.py).
# - contenders: the portal's upload (self-timed by bench/upload/upload-once.sh: wall as the client saw the upload,
#   CPU the SERVER's user + sys over it, read from /proc/PID/stat; the client's own process is timed whole beside it);
#   `sha256sum` of the same file (the hash the protocol pays twice on the server: each chunk as it arrives, the whole
#   file at completion) and `cp` of it (writing the bytes once) as reference points. Paired rounds, the order reversed
#   every other round.
# - no analysis overlaps a measured upload: the bench's portal runs no job workers (Jobs__Workers=0,
#   Jobs__AnalysisWorkers=0, as a web node of the scaled topology does), so the analyses the uploads queue wait in
#   the database; what an analysis costs is the analysis benchmark's.
# - the server's peak RSS (VmHWM, reset before each upload through /proc/PID/clear_refs; needs root) and the chunk
#   phase's throughput per upload are recorded as facts (median, min-max).
# Results and provenance go to bench/results/upload.json; `python3 bench/tables.py` writes docs/BENCHMARKS.md's table.
#
# usage: bench/upload/run.sh [RUNS] [SIZE_MB]   (RUNS: paired rounds, default 15; SIZE_MB of the big file, default 1000)
# needs: dotnet, python3, jq, /usr/bin/time, taskset, git; root for clear_refs (otherwise VmHWM includes start-up)
set -euo pipefail
runs=${1:-15}
size_mb=${2:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/bench/out}
results=${BENCH_RESULTS:-$root/bench/results/upload.json}
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench-upload}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=../lib/bench.sh
source "$root/bench/lib/bench.sh"
bench_begin upload "$root" "$out" "bench/upload/run.sh $*" "$runs"
work=$BENCH_WORK
data="$work/data"

echo "== build (Release)"
dotnet build -c Release "$root/src/MasteringPortal.Web/MasteringPortal.Web.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
dotnet build -c Release "$root/bench/upload/UploadBenchClient/UploadBenchClient.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
app="$root/.build/$BuildSlot/bin/MasteringPortal.Web/Release/net10.0/MasteringPortal.Web.dll"
client="$root/.build/$BuildSlot/bin/UploadBenchClient/Release/net10.0/UploadBenchClient.dll"

big="$out/upload/mix-${size_mb}MB-96k24.wav"
small="$out/upload/mix-100MB-96k24.wav"
mkdir -p "$out/upload"
[[ -s "$big" ]] || { echo "== making $big"; python3 "$root/bench/upload/make-wav.py" "$big" "$size_mb"; }
[[ -s "$small" ]] || { echo "== making $small"; python3 "$root/bench/upload/make-wav.py" "$small" 100; }

rm -rf "$data"; mkdir -p "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "== starting the app on 127.0.0.1:$port (data in $data, no job workers)"
ASPNETCORE_ENVIRONMENT=Production \
ConnectionStrings__Sqlite="Data Source=$data/portal.db" Storage__Root="$data/files" DataProtection__KeysPath="$data/keys" \
Logging__LogLevel__Default=Warning Demo__Seed=true Jobs__Workers=0 Jobs__AnalysisWorkers=0 \
RateLimits__SignIn__PermitLimit=1000 RateLimits__Uploads__PermitLimit=100000 \
  dotnet "$app" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "the app stopped; see $work/server.log" >&2; exit 1; }
  sleep 1
done
# The demo is off by default (a real studio starts empty), so the bench asks for it; each upload signs in afresh, which
# a quiet machine does faster than the sign-in limit allows. The engineer uploads to the submitted demo project.
read -r project track < <(python3 - "$data/portal.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(*db.execute("select t.ProjectId, t.Id from Tracks t join Projects p on p.Id = t.ProjectId where p.Title = 'Late Bus Home'").fetchone())
PY
)
bench_fact "" server_idle_rss_kb "$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")"
bench_fact "" server_gc "\"server GC (the app's default)\""

extras="$work/extras.jsonl"
last_line() { tail -1; }
for spec in "big:$big" "small:$small"; do
  name=${spec%%:*} file=${spec#*:}
  bytes=$(stat -c %s "$file")
  label=$([[ $name == big ]] && echo "$((size_mb))MB" || echo "100MB")
  case_id="upload-$label"
  jq -cn --arg id "$name" --arg file "${file#"$root"/}" --argjson bytes "$bytes" \
    '{type: "input", id: $id, file: $file, description: "96 kHz 24-bit stereo WAV (bench/upload/make-wav.py)", bytes: $bytes}' >>"$BENCH_RECORDS"
  bench_case "$case_id" "Upload of a $label WAV through the portal's chunk endpoints" "$name"
  bench_contender "$case_id" portal "the portal's upload: the server's CPU; wall as the client saw it" "server: Kestrel's pool" --self last_line -- \
    "$root/bench/upload/upload-once.sh" "$case_id" "$pid" "http://127.0.0.1:$port" "$project" "$track" "$file" "$client" "$extras"
  bench_contender "$case_id" sha256sum "sha256sum of the file" "1" -- sha256sum "$file"
  bench_contender "$case_id" cp "cp of the file (writing it once)" "1" -- cp "$file" "$work/copy.tmp"
  echo "== $case_id: warm-up"
  bench_warmup "$case_id"
  mv "$extras" "$extras.warmup.$name" 2>/dev/null || true  # the warm-up's upload is not a round
  echo "== $case_id: $runs rounds"
  bench_rounds "$case_id" "$runs"
  rm -f "$work/copy.tmp"
  # The per-upload figures the self-timed line does not carry: median and range over the rounds.
  jq -s --arg c "$case_id" '
    def stats: sort as $s | {median: (if ($s | length) % 2 == 1 then $s[($s | length) / 2 | floor] else ($s[($s | length) / 2 - 1] + $s[($s | length) / 2]) / 2 end), min: $s[0], max: $s[-1], n: ($s | length)};
    [.[] | select(.case == $c)] | {
      server_peak_mib: ([.[].server_peak_kb / 1024] | stats),
      chunk_phase_mb_s: ([.[].client.uploadMBps] | stats),
      chunk_phase_s: ([.[].client.uploadSeconds] | stats),
      complete_s: ([.[].client.completeSeconds] | stats),
      client_hash_s: ([.[].client.hashSeconds] | stats)}' "$extras" >"$work/facts.json"
  bench_fact "$case_id" upload "$(jq -c . "$work/facts.json")"
  rm -f "$extras"
done
bench_fact "" queued_analyses "$(python3 - "$data/portal.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("select count(*) from PortalJobs where State = 'Queued'").fetchone()[0])
PY
)"

echo "== stopping the app (PID $pid)"
kill "$pid"; wait "$pid" 2>/dev/null || true
trap - EXIT
rm -rf "$data/files"
bench_write_json "$results"
bench_print "$results"
