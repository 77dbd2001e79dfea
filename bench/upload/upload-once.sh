#!/usr/bin/env bash
# One measured upload for bench/upload/run.sh (a contender of bench/lib/bench.sh, self-timed): resets the server's peak
# RSS, uploads FILE through the portal's chunk endpoints with UploadBenchClient, and reads the server's CPU time and
# peak RSS from /proc. Prints the client's JSON line, then "WALL CPU" as its last line: WALL the upload as the client
# saw it (whole-file hash + chunks + complete; not the process start or the sign-in), CPU the server's user + sys time
# over the upload. Appends {case, server_peak_kb, server_cpu_s, client JSON} to EXTRAS for the run's facts.
#
# usage: upload-once.sh CASE SERVER_PID BASE_URL PROJECT TRACK FILE CLIENT_DLL EXTRAS
set -euo pipefail
case=$1 pid=$2 url=$3 project=$4 track=$5 file=$6 client=$7 extras=$8
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true
before=$(ticks)
line=$(dotnet "$client" "$url" engineer@demo.studio Demo-mastering-1 "$project" "$track" "$file")
after=$(ticks)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
cpu=$(awk -v a="$after" -v b="$before" -v hz="$hz" 'BEGIN { printf "%.2f", (a - b) / hz }')
jq -c --arg c "$case" --argjson peak "$peak" --argjson cpu "$cpu" '{case: $c, server_peak_kb: $peak, server_cpu_s: $cpu, client: .}' <<<"$line" >>"$extras"
echo "$line"
jq -r '"\((.hashSeconds + .uploadSeconds + .completeSeconds) * 1000 | round / 1000) '"$cpu"'"' <<<"$line"
