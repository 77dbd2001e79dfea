#!/usr/bin/env bash
# Times the whole `mastering analyze` process against ffmpeg's ebur128 filter and against
# libebur128 (I | LRA | TRUE_PEAK, through P/Invoke, timing only the library calls) on the same 5-minute
# 44.1 kHz 24-bit stereo mix, prints the ratios and the integrated-loudness difference, and measures the
# peak memory of `mastering analyze` on a 60-minute file. Results go to docs/BENCHMARKS.md by hand.
# The CLI is published twice for linux-x64: compiled ahead of time (Native AOT for this machine's instruction set,
# `mastering` as a native executable: the measured figure) and ReadyToRun (`dotnet mastering.dll`, for comparison:
# the same code with the .NET runtime's start-up and JIT). Both must print the same JSON. Each tool is timed in wall clock and
# in CPU (user + sys; for libebur128 the CPU time of the thread making the library calls), runs interleaved,
# medians reported: on a shared machine wall time is noisy, CPU time much less so.
#
# usage: bench/analyze/run.sh [RUNS]      (RUNS per tool, default 5; the median is reported)
#        BENCH_OUT=DIR to keep the test files and outputs elsewhere than bench/out
# needs: dotnet, gcc or clang (the Native AOT linker), ffmpeg, /usr/bin/time, jq, libebur128-1 (apt-get install libebur128-1)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/bench/out}
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench}

echo "== build (Release; the CLI published Native AOT and ReadyToRun)"
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native "$root/src/MasteringPortal.Cli" -o "$out/cli-aot" -v q -nologo >/dev/null
dotnet publish -c Release -r linux-x64 --self-contained false "$root/src/MasteringPortal.Cli" -o "$out/cli" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/MasteringPortal.Bench" -v q -nologo >/dev/null
aot="$out/cli-aot/mastering"
cli="$out/cli/mastering.dll"
bench="$root/.build/$BuildSlot/bin/MasteringPortal.Bench/Release/net10.0/MasteringPortal.Bench.dll"

mix5="$out/mix-5min.wav"
mix60="$out/mix-60min.wav"
[[ -s "$mix5" ]] || { echo "== making $mix5"; "$root/bench/analyze/make-test-mix.sh" "$mix5" 5; }
# The hour-long file is the 5-minute mix looped 12 times (a stream copy: seconds instead of a long synthesis).
[[ -s "$mix60" ]] || { echo "== making $mix60"; ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$mix5" -c copy "$mix60"; }

# "wall cpu" seconds of one command (stdout discarded), via /usr/bin/time; cpu = user + sys.
timed() { /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt"; awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$out/time.txt"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== warm-up (file cache), and both builds print the same JSON"
"$aot" analyze "$mix5" --json --waveform >"$out/analyze-aot.json"
dotnet "$cli" analyze "$mix5" --json --waveform >"$out/analyze-r2r.json"
cmp -s "$out/analyze-aot.json" "$out/analyze-r2r.json" || { echo "the AOT and ReadyToRun builds disagree" >&2; exit 1; }
ffmpeg -nostats -i "$mix5" -af ebur128=peak=true -f null - 2>/dev/null
dotnet "$bench" analyze-ebur128 "$mix5" >/dev/null

m_wall=(); m_cpu=(); r_wall=(); r_cpu=(); f_wall=(); f_cpu=(); e_wall=(); e_cpu=()
for ((i = 0; i < runs; i++)); do
  read -r w c < <(timed "$aot" analyze "$mix5" --json --waveform); m_wall+=("$w"); m_cpu+=("$c")
  read -r w c < <(timed dotnet "$cli" analyze "$mix5" --json --waveform); r_wall+=("$w"); r_cpu+=("$c")
  read -r w c < <(timed ffmpeg -nostats -i "$mix5" -af ebur128=peak=true -f null -); f_wall+=("$w"); f_cpu+=("$c")
  line=$(dotnet "$bench" analyze-ebur128 "$mix5")
  e_wall+=("$(sed -E 's/.*ebur128_seconds=([0-9.]+).*/\1/' <<<"$line")")
  e_cpu+=("$(sed -E 's/.*ebur128_cpu_seconds=([0-9.]+).*/\1/' <<<"$line")")
done
med() { printf '%s\n' "$@" | median; }
mastering=$(med "${m_wall[@]}"); mastering_cpu=$(med "${m_cpu[@]}")
r2r=$(med "${r_wall[@]}"); r2r_cpu=$(med "${r_cpu[@]}")
ffmpeg_s=$(med "${f_wall[@]}"); ffmpeg_cpu=$(med "${f_cpu[@]}")
ebur=$(med "${e_wall[@]}"); ebur_cpu=$(med "${e_cpu[@]}")

ours_i=$("$aot" analyze "$mix5" --json | jq -r '.integratedLufs')
ebur_line=$(dotnet "$bench" analyze-ebur128 "$mix5")
ebur_i=$(sed -E 's/.*integrated_lufs=(-?[0-9.]+).*/\1/' <<<"$ebur_line")

echo "== peak memory, 60-minute file"
/usr/bin/time -v -o "$out/time-v.txt" "$aot" analyze "$mix60" --json --waveform >/dev/null
rss_r2r_kb=$(/usr/bin/time -f "%M" dotnet "$cli" analyze "$mix60" --json --waveform 2>&1 >/dev/null | tail -1)
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/time-v.txt")
wall60=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time-v.txt")

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "5-minute 44.1 kHz 24-bit stereo mix, median of $runs interleaved runs (wall s, cpu s):"
printf '  mastering analyze --json --waveform (Native AOT)     wall %5.2f  cpu %5.2f   wall runs: %s   cpu runs: %s\n' "$mastering" "$mastering_cpu" "${m_wall[*]}" "${m_cpu[*]}"
printf '  the same, ReadyToRun build (dotnet mastering.dll)    wall %5.2f  cpu %5.2f   wall runs: %s   cpu runs: %s\n' "$r2r" "$r2r_cpu" "${r_wall[*]}" "${r_cpu[*]}"
printf '  ffmpeg -af ebur128=peak=true (whole process)         wall %5.2f  cpu %5.2f   wall runs: %s   cpu runs: %s\n' "$ffmpeg_s" "$ffmpeg_cpu" "${f_wall[*]}" "${f_cpu[*]}"
printf '  libebur128 I+LRA+TRUE_PEAK (library calls only)      wall %5.2f  cpu %5.2f   wall runs: %s   cpu runs: %s\n' "$ebur" "$ebur_cpu" "${e_wall[*]}" "${e_cpu[*]}"
awk -v m="$mastering" -v f="$ffmpeg_s" -v e="$ebur" -v mc="$mastering_cpu" -v fc="$ffmpeg_cpu" -v ec="$ebur_cpu" -v r="$r2r" -v rc="$r2r_cpu" 'BEGIN {
  printf "  ratio libebur128 / mastering analyze  wall %.2fx  cpu %.2fx  (target >= 2)\n", e / m, ec / mc
  printf "  ratio libebur128 / ReadyToRun build   wall %.2fx  cpu %.2fx\n", e / r, ec / rc
  printf "  ratio ffmpeg / mastering analyze      wall %.2fx  cpu %.2fx\n", f / m, fc / mc }'
awk -v a="$ours_i" -v b="$ebur_i" 'BEGIN { d = a - b; if (d < 0) d = -d;
  printf "  integrated: ours %.3f LUFS, libebur128 %.3f LUFS, difference %.3f LU  (target <= 0.02)\n", a, b, d }'
echo "60-minute file: peak RSS $((rss_kb / 1024)) MB (target < 100 MB), wall $wall60; ReadyToRun build $((rss_r2r_kb / 1024)) MB"
