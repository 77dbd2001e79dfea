#!/usr/bin/env bash
# Times reference matching, `mastering render MIX --reference REF -o OUT --format wav24` (the reference analysed, the
# match and its trial render, the master rendered and metered), against Matchering itself (`mg.process` with its default
# 24-bit result, its Python source fetched separately and put on PYTHONPATH; nothing of it is in this repository), issue
# 18 §5's method (bench/lib/bench.sh):
# - cases: real44 (the default), real music fetched from Debian's packages by scripts/real-music.sh --bench: Nexuiz's
#   "calling bogus" (4.6 minutes, 44.1 kHz, a dynamic track) matched to "sixtyfour (revisited)" (a dense master);
#   syn48 (BENCH_CASES="real44 syn48"), the synthetic 5-minute mix made at 48 kHz matched to a "commercial" version of it
#   (brighter, fuller, wider, 6 dB louder, by ffmpeg), the shape of the issue's own 48 kHz figures.
# - contenders: ours compiled ahead of time (Native AOT for this machine's instruction set) as it runs ("2 threads");
#   the same pinned to one core (`taskset -c 0`); Matchering pinned to the same core (its NumPy work is one thread;
#   pinned, its BLAS cannot start more).
# - paired rounds (default 15): every contender once per round, the order reversed every other round; median, spread,
#   the peak memory of each run; ratios Matchering / ours with the thread counts named; provenance and load. Results go
#   to bench/results/match.json; `python3 bench/tables.py` writes docs/BENCHMARKS.md's tables from it.
# - checks before timing: ours on two threads and on one core write the same bytes; what each master reaches (our meter).
# Then (unless --no-memory) the peak memory of ours matching a 60-minute mix (the synthetic mix looped) to the reference.
#
# usage: MATCHERING_SRC=/path/to/matchering bench/match/run.sh [RUNS] [--no-memory]
#        BENCH_CASES (default "real44"); BENCH_OUT=DIR (default bench/out); BENCH_RESULTS=FILE (default
#        bench/results/match.json); BuildSlot=NAME for the build
# needs: dotnet, gcc (the AOT linker), ffmpeg + ffprobe, /usr/bin/time, taskset, jq, git; Debian's python3-numpy
#        python3-scipy python3-soundfile python3-statsmodels python3-resampy (Matchering's dependencies)
set -euo pipefail
runs=15 memory=1
for arg in "$@"; do
  case $arg in
    --no-memory) memory=0 ;;
    '' | *[!0-9]*) echo "usage: bench/match/run.sh [RUNS] [--no-memory]" >&2; exit 2 ;;
    *) runs=$arg ;;
  esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
src=${MATCHERING_SRC:?set MATCHERING_SRC to a checkout of github.com/sergree/matchering (the folder holding matchering/)}
out=${BENCH_OUT:-$root/bench/out}
results=${BENCH_RESULTS:-$root/bench/results/match.json}
cases=${BENCH_CASES:-real44}
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench}
# shellcheck source=../lib/bench.sh
source "$root/bench/lib/bench.sh"
bench_begin match "$root" "$out" "bench/match/run.sh $*" "$runs"
work=$BENCH_WORK
bench_fact "" matchering "$(jq -n --arg v "$(cd "$src" && git describe --always 2>/dev/null || echo 'not a git checkout')" \
  --arg py "$(/usr/bin/python3 -c 'import numpy, scipy; print("python", __import__("sys").version.split()[0], "numpy", numpy.__version__, "scipy", scipy.__version__)')" \
  '{version: $v, python: $py}')"

echo "== build (Release; the CLI published Native AOT for linux-x64)"
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native "$root/src/MasteringPortal.Cli" -o "$out/match-cli-aot" -v q -nologo >/dev/null
aot="$out/match-cli-aot/mastering"

echo "== inputs"
real_mix="$out/real/mix-44100.wav" real_ref="$out/real/dense-44100.wav"
if [[ " $cases " == *" real44 "* ]] && { [[ ! -s "$real_mix" ]] || [[ ! -s "$real_ref" ]]; }; then
  "$root/scripts/real-music.sh" --bench "$out/real"
fi
syn_mix="$out/mix-5min-48k.wav" syn_ref="$out/reference-5min-48k.wav"
if [[ " $cases " == *" syn48 "* ]]; then
  [[ -s "$syn_mix" ]] || "$root/bench/analyze/make-test-mix.sh" "$syn_mix" 5 48000
  [[ -s "$syn_ref" ]] || ffmpeg -nostdin -hide_banner -loglevel error -y -i "$syn_mix" -af \
    "equalizer=f=80:t=q:w=0.8:g=3,equalizer=f=450:t=q:w=1:g=-2,equalizer=f=9000:t=q:w=0.7:g=4,stereotools=slev=1.3,volume=6dB,alimiter=limit=0.89:level=false" \
    -c:a pcm_s24le "$syn_ref"
fi
declare -A mix_of=([real44]=$real_mix [syn48]=$syn_mix) ref_of=([real44]=$real_ref [syn48]=$syn_ref)
declare -A described=(
  [real44-mix]="real mix: Nexuiz's \"calling bogus\" (Debian's nexuiz-music), decoded, 3 dB down"
  [real44-ref]="real reference: Nexuiz's \"sixtyfour (revisited)\", a dense master, decoded, 3 dB down"
  [syn48-mix]="synthetic mix made at 48 kHz (make-test-mix.sh)"
  [syn48-ref]="its \"commercial\" version by ffmpeg: brighter, fuller, wider, 6 dB louder")
declare -A titles=(
  [real44]="real music, a 4.6-minute 44.1 kHz mix matched to a 3.5-minute 44.1 kHz reference, 24-bit master"
  [syn48]="synthetic, a 5-minute 48 kHz mix matched to a 5-minute 48 kHz reference, 24-bit master")
for c in $cases; do
  [[ -n ${mix_of[$c]:-} ]] || { echo "unknown case $c (real44 syn48)" >&2; exit 2; }
  "$aot" analyze "${mix_of[$c]}" --json >"$work/input-$c-mix.json"
  "$aot" analyze "${ref_of[$c]}" --json >"$work/input-$c-ref.json"
  bench_input "$c-mix" "${mix_of[$c]}" "${described[$c-mix]}" "$work/input-$c-mix.json"
  bench_input "$c-ref" "${ref_of[$c]}" "${described[$c-ref]}" "$work/input-$c-ref.json"
done

# What a master reaches (our meter), as JSON.
reaches() { "$aot" analyze "$1" --json | jq -c '{rate_hz: .sampleRateHz, integrated_lufs: (.integratedLufs * 100 | round / 100),
  true_peak_dbtp: (.truePeakDbtp * 100 | round / 100)}'; }

peer=(env PYTHONPATH="$src" /usr/bin/python3 "$root/bench/match/matchering_peer.py")
for c in $cases; do
  mix=${mix_of[$c]} ref=${ref_of[$c]} o="$work/$c"
  echo "== case $c: ${titles[$c]}"
  bench_case "$c" "${titles[$c]}" "$c-mix"
  bench_contender "$c" ours "ours: mastering render --reference, Native AOT" "2" -- "$aot" render "$mix" --reference "$ref" -o "$o-ours.wav" --format wav24
  bench_contender "$c" ours1 "ours, one core" "1 (taskset -c 0)" -- taskset -c 0 "$aot" render "$mix" --reference "$ref" -o "$o-one.wav" --format wav24
  bench_contender "$c" matchering1 "Matchering (mg.process, 24-bit result), pinned to core 0" "1 (taskset -c 0)" -- taskset -c 0 "${peer[@]}" "$mix" "$ref" "$o-matchering.wav"
  bench_ratio "$c" matchering1 ours1 "ours 1 core vs Matchering 1 core (both taskset -c 0)"
  bench_ratio "$c" matchering1 ours "ours 2 threads vs Matchering 1 core"

  echo "   warm-up and checks"
  bench_warmup "$c"
  cmp -s "$o-ours.wav" "$o-one.wav" || { echo "$c: the two-thread and one-core renders differ" >&2; exit 1; }
  bench_fact "$c" identical_outputs '"ours on two threads and on one core write the same bytes"'
  bench_fact "$c" output_ours "$(reaches "$o-ours.wav")"
  bench_fact "$c" output_matchering "$(reaches "$o-matchering.wav")"
  bench_fact "$c" reference "$(reaches "$ref")"

  echo "   $runs paired rounds"
  bench_rounds "$c" "$runs"
  rm -f "$o"-*.wav
done

if ((memory)); then
  # Memory stays flat with length: a 60-minute mix (the synthetic 5-minute mix looped twelve times, a stream copy).
  mix5="$out/mix-5min.wav" mix60="$out/mix-60min.wav"
  [[ -s "$mix5" ]] || "$root/bench/analyze/make-test-mix.sh" "$mix5" 5
  [[ -s "$mix60" ]] || ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$mix5" -c copy "$mix60"
  first=$(echo "$cases" | cut -d' ' -f1)
  echo "== peak memory (max RSS), a 60-minute mix matched to the $first reference"
  bench_time "$aot" render "$mix60" --reference "${ref_of[$first]}" -o "$work/match-mem.wav" --format wav24
  echo "   $((BT_RSS_KB / 1024)) MiB max RSS, cpu $BT_CPU s, wall $BT_WALL s"
  bench_fact "" memory "$(jq -cn --arg f "$(basename "$mix60") (60 min, 44.1 kHz 24-bit) matched to $(basename "${ref_of[$first]}")" \
    --argjson kb "$BT_RSS_KB" --argjson c "$BT_CPU" --argjson w "$BT_WALL" \
    '[{file: $f, output: "24-bit WAV", max_rss_mib: ($kb / 1024 | round), cpu_s: $c, wall_s: $w}]')"
  rm -f "$work/match-mem.wav"
fi

bench_write_json "$results"
bench_print "$results"
