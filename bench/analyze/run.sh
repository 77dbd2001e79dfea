#!/usr/bin/env bash
# Times the whole `mastering analyze --json --waveform` process against libebur128 (I | LRA | TRUE_PEAK through
# P/Invoke, bench/MasteringPortal.Bench/AnalyzeReference.cs, timing only the library calls: no start-up, reading or
# decoding in its figure, which ours includes) and against ffmpeg's ebur128 filter (`-af ebur128=peak=true`, the
# whole process), issue 18 §5's method:
# - cases (inputs made when missing, under bench/out): mix44, the synthetic 5-minute 44.1 kHz 24-bit mix
#   (make-test-mix.sh), whose 60 s swell keeps most of it well under its peak, so our true-peak meter's chunk skip
#   does most of the work; dense44, a dense loud master made from it by ffmpeg's compressors and limiter
#   (make-dense-master.sh), near its peak all the time, where the skip helps far less; mix96, the synthetic mix made
#   at 96 kHz; real44 and real96, real music fetched from Debian's packages by scripts/real-music.sh --bench (a
#   dense limited electronic master at 44.1 kHz, and a tracker module rendered at 96 kHz).
# - contenders: ours compiled ahead of time (Native AOT for this machine's instruction set), as it runs, with the
#   spectrum on a second thread ("2 threads"); the same pinned to one core (`taskset -c 0`); libebur128 (one thread)
#   and ffmpeg (`-filter_threads 1`; ebur128 has no slice threads, this only makes sure), each unpinned and pinned to
#   the same core as ours, so that the one-core comparisons run on the same core (the two virtual cores of this
#   machine need not be equally fast while something else runs); in mix44 also the ReadyToRun build of ours
#   (`dotnet mastering.dll`).
# - paired rounds (default 15; bench/lib/bench.sh): every contender once per round, the order reversed every other
#   round; median, min-max and interquartile range of CPU time (user + sys; for libebur128 the CPU time of the thread
#   making the calls) and wall time; ratios peer / ours with the thread counts named; the load before and during the
#   rounds, commit and tool versions. Results and provenance go to bench/results/analyze.json; `python3
#   bench/tables.py` writes docs/BENCHMARKS.md's tables from it.
# - checks before timing: the AOT, one-core (and ReadyToRun) builds print the same JSON; the integrated loudness and
#   true peak of ours against libebur128's (and ffmpeg's, to its printed 0.1 LU) are recorded.
# Then (unless --no-memory) the peak memory of `mastering analyze` on a 60-minute file (mix44 looped 12 times).
#
# usage: bench/analyze/run.sh [RUNS] [--no-memory]   (RUNS: paired rounds, default 15; fewer only for a smoke run)
#        BENCH_CASES="mix44 dense44 mix96 real44 real96" (the default) to run fewer cases; BENCH_OUT=DIR for the test files and
#        outputs (default bench/out); BENCH_RESULTS=FILE (default bench/results/analyze.json); BuildSlot=NAME
# needs: dotnet, gcc or clang (the AOT linker), ffmpeg + ffprobe, /usr/bin/time, taskset, jq, git, libebur128-1
#        (apt-get install libebur128-1)
set -euo pipefail
runs=15 memory=1
for arg in "$@"; do
  case $arg in
    --no-memory) memory=0 ;;
    '' | *[!0-9]*) echo "usage: bench/analyze/run.sh [RUNS] [--no-memory]" >&2; exit 2 ;;
    *) runs=$arg ;;
  esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/bench/out}
results=${BENCH_RESULTS:-$root/bench/results/analyze.json}
cases=${BENCH_CASES:-mix44 dense44 mix96 real44 real96}
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench}
# shellcheck source=../lib/bench.sh
source "$root/bench/lib/bench.sh"
bench_begin analyze "$root" "$out" "bench/analyze/run.sh $*" "$runs"
work=$BENCH_WORK

echo "== build (Release; the CLI published Native AOT and ReadyToRun; the bench program)"
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native "$root/src/MasteringPortal.Cli" -o "$out/cli-aot" -v q -nologo >/dev/null
dotnet publish -c Release -r linux-x64 --self-contained false "$root/src/MasteringPortal.Cli" -o "$out/cli" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/MasteringPortal.Bench" -v q -nologo >/dev/null
aot="$out/cli-aot/mastering"
cli="$out/cli/mastering.dll"
bench="$root/.build/$BuildSlot/bin/MasteringPortal.Bench/Release/net10.0/MasteringPortal.Bench.dll"

echo "== inputs"
mix44="$out/mix-5min.wav" mix96="$out/mix-5min-96k.wav" dense44="$out/dense-5min.wav"
[[ -s "$mix44" ]] || "$root/bench/analyze/make-test-mix.sh" "$mix44" 5
[[ -s "$mix96" ]] || "$root/bench/analyze/make-test-mix.sh" "$mix96" 5 96000
[[ -s "$dense44" ]] || "$root/bench/analyze/make-dense-master.sh" "$mix44" "$dense44"
real44="$out/real/dense-44100.wav" real96="$out/real/tracker-96000.wav"
if [[ " $cases " == *" real"* ]] && { [[ ! -s "$real44" ]] || [[ ! -s "$real96" ]]; }; then
  "$root/scripts/real-music.sh" --bench "$out/real"
fi
declare -A input_of=([mix44]=$mix44 [dense44]=$dense44 [mix96]=$mix96 [real44]=$real44 [real96]=$real96)
declare -A described=(
  [real44]="real dense master: Nexuiz's \"sixtyfour (revisited)\" (Debian's nexuiz-music), decoded, 3 dB down"
  [real96]="real music at 96 kHz: Frozen-Bubble's two-player theme (Debian's fb-music-high), rendered by libopenmpt, 3 dB down"
  [mix44]="synthetic mix (make-test-mix.sh), 60 s swell"
  [dense44]="dense master made from mix44 by ffmpeg's compressors and limiter (make-dense-master.sh)"
  [mix96]="the synthetic mix made at 96 kHz")
declare -A titles=(
  [real44]="real dense master, 3.5 minutes, 44.1 kHz 24-bit"
  [real96]="real music, 3.5 minutes, 96 kHz 24-bit"
  [mix44]="synthetic mix, 5 minutes, 44.1 kHz 24-bit"
  [dense44]="dense master, 5 minutes, 44.1 kHz 24-bit"
  [mix96]="synthetic mix, 5 minutes, 96 kHz 24-bit")
for c in $cases; do
  [[ -n ${input_of[$c]:-} ]] || { echo "unknown case $c (mix44 dense44 mix96 real44 real96)" >&2; exit 2; }
  "$aot" analyze "${input_of[$c]}" --json >"$work/input-$c.json"
  bench_input "$c" "${input_of[$c]}" "${described[$c]}" "$work/input-$c.json"
done

# libebur128's own figures from the bench program's line: "wall cpu".
ebur128_times() { sed -nE 's/.*ebur128_seconds=([0-9.]+) ebur128_cpu_seconds=([0-9.]+).*/\1 \2/p'; }

for c in $cases; do
  f=${input_of[$c]}
  echo "== case $c: ${titles[$c]}"
  bench_case "$c" "${titles[$c]}" "$c"
  bench_contender "$c" ours "ours: mastering analyze --json --waveform, Native AOT" "2" -- "$aot" analyze "$f" --json --waveform
  bench_contender "$c" ours1 "ours, one core" "1 (taskset -c 0)" -- taskset -c 0 "$aot" analyze "$f" --json --waveform
  if [[ $c == mix44 ]]; then
    bench_contender "$c" r2r "ours, ReadyToRun build" "2" -- dotnet "$cli" analyze "$f" --json --waveform
  fi
  bench_contender "$c" libebur128 "libebur128: I + LRA + true peak, library calls only" "1" --self ebur128_times -- dotnet "$bench" analyze-ebur128 "$f"
  bench_contender "$c" libebur128_1 "libebur128, pinned to core 0" "1 (taskset -c 0)" --self ebur128_times -- taskset -c 0 dotnet "$bench" analyze-ebur128 "$f"
  bench_contender "$c" ffmpeg "ffmpeg: -af ebur128=peak=true, whole process" "1" -- ffmpeg -nostdin -nostats -filter_threads 1 -i "$f" -af ebur128=peak=true -f null -
  bench_contender "$c" ffmpeg1 "ffmpeg, pinned to core 0" "1 (taskset -c 0)" -- taskset -c 0 ffmpeg -nostdin -nostats -filter_threads 1 -i "$f" -af ebur128=peak=true -f null -
  bench_ratio "$c" libebur128 ours "ours 2 threads vs libebur128 1 thread"
  bench_ratio "$c" libebur128_1 ours1 "ours 1 core vs libebur128 1 core (both taskset -c 0)"
  bench_ratio "$c" ffmpeg ours "ours 2 threads vs ffmpeg 1 thread"
  bench_ratio "$c" ffmpeg1 ours1 "ours 1 core vs ffmpeg 1 core (both taskset -c 0)"
  [[ $c == mix44 ]] && bench_ratio "$c" libebur128 r2r "ours ReadyToRun 2 threads vs libebur128 1 thread"

  echo "   warm-up and checks"
  bench_warmup "$c"
  "$aot" analyze "$f" --json --waveform >"$work/$c-aot.json"
  taskset -c 0 "$aot" analyze "$f" --json --waveform >"$work/$c-one.json"
  cmp -s "$work/$c-aot.json" "$work/$c-one.json" || { echo "$c: the AOT and one-core analyses differ" >&2; exit 1; }
  same="AOT and one-core builds: the same JSON"
  if [[ $c == mix44 ]]; then
    dotnet "$cli" analyze "$f" --json --waveform >"$work/$c-r2r.json"
    cmp -s "$work/$c-aot.json" "$work/$c-r2r.json" || { echo "$c: the AOT and ReadyToRun analyses differ" >&2; exit 1; }
    same="AOT, one-core and ReadyToRun builds: the same JSON"
  fi
  bench_fact "$c" identical_outputs "$(jq -n --arg s "$same" '$s')"
  ebur_line=$(dotnet "$bench" analyze-ebur128 "$f")
  ffmpeg_summary=$(ffmpeg -nostdin -nostats -i "$f" -af ebur128=peak=true -f null - 2>&1 | tail -12)
  ffmpeg_i=$(sed -nE 's/^ *I: *(-?[0-9.]+) LUFS.*/\1/p' <<<"$ffmpeg_summary" | tail -1)
  ffmpeg_tp=$(sed -nE 's/^ *Peak: *(-?[0-9.]+) dBFS.*/\1/p' <<<"$ffmpeg_summary" | tail -1)
  bench_fact "$c" agreement "$(jq -c --arg line "$ebur_line" --arg fi "$ffmpeg_i" --arg ftp "$ffmpeg_tp" '
    ($line | capture("integrated_lufs=(?<i>-?[0-9.]+) lra_lu=(?<lra>-?[0-9.]+) true_peak_dbtp=(?<tp>-?[0-9.]+)")) as $e |
    {ours_integrated_lufs: (.integratedLufs * 1000 | round / 1000), libebur128_integrated_lufs: ($e.i | tonumber),
     integrated_difference_lu: ((.integratedLufs - ($e.i | tonumber)) | fabs * 1000 | round / 1000),
     ours_true_peak_dbtp: (.truePeakDbtp * 1000 | round / 1000), libebur128_true_peak_dbtp: ($e.tp | tonumber),
     ours_lra_lu: (.loudnessRangeLu * 100 | round / 100), libebur128_lra_lu: ($e.lra | tonumber),
     ffmpeg_integrated_lufs: ($fi | tonumber? // null), ffmpeg_true_peak_dbtp: ($ftp | tonumber? // null)}' "$work/$c-aot.json")"
  rm -f "$work/$c"-*.json

  echo "   $runs paired rounds"
  bench_rounds "$c" "$runs"
done

if ((memory)); then
  # The hour-long file is the 5-minute mix looped 12 times (a stream copy: seconds instead of a long synthesis).
  mix60="$out/mix-60min.wav"
  [[ -s "$mix60" ]] || ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$mix44" -c copy "$mix60"
  echo "== peak memory, 60-minute file"
  bench_time "$aot" analyze "$mix60" --json --waveform
  aot_mem=$(jq -cn --argjson kb "$BT_RSS_KB" --argjson c "$BT_CPU" --argjson w "$BT_WALL" '{build: "Native AOT", max_rss_mib: ($kb / 1024 | round), cpu_s: $c, wall_s: $w}')
  bench_time dotnet "$cli" analyze "$mix60" --json --waveform
  r2r_mem=$(jq -cn --argjson kb "$BT_RSS_KB" --argjson c "$BT_CPU" --argjson w "$BT_WALL" '{build: "ReadyToRun", max_rss_mib: ($kb / 1024 | round), cpu_s: $c, wall_s: $w}')
  echo "   $aot_mem"
  echo "   $r2r_mem"
  bench_fact "" memory "$(jq -cn --argjson a "$aot_mem" --argjson r "$r2r_mem" '[$a, $r] | map(. + {file: "mix-60min.wav (60 min, 44.1 kHz 24-bit)"})')"
fi

bench_write_json "$results"
bench_print "$results"
