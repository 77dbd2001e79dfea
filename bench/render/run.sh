#!/usr/bin/env bash
# Times `mastering render` (EQ, bus compressor, loudness target solved under a true-peak limiter, TPDF dither to a
# 16-bit 44.1 kHz master: `--format wav16`) against ffmpeg's nearest single-pass chain (equalizer biquads,
# acompressor, volume, alimiter, aresample=44100:resampler=soxr with triangular dither to s16), issue 18 §5's method:
# - cases (inputs made when missing, under bench/out): mix44, the synthetic 5-minute 44.1 kHz 24-bit mix
#   (bench/analyze/make-test-mix.sh); dense44, a dense loud master made from it by ffmpeg's own compressors and
#   limiter (bench/analyze/make-dense-master.sh); mix96 and mix48, the same synthetic mix made at 96 and 48 kHz: these
#   two are real sample-rate conversions to 44.1 kHz (soxr runs in ffmpeg's chain; our SRC in ours); real44 and
#   real96, real music fetched from Debian's packages by scripts/real-music.sh --bench (a dense limited electronic
#   master at 44.1 kHz, and a tracker module rendered at 96 kHz: a real 96 -> 44.1 kHz conversion).
# - contenders in each case: ours compiled ahead of time (Native AOT for this machine's instruction set) as it runs,
#   with its writer and meter on a second thread ("2 threads"); the same pinned to one core (`taskset -c 0`: .NET then
#   sees one processor and keeps the consumer inline); ffmpeg's chain on one thread (`-filter_threads 1`: by default
#   its equalizers run slice threads, one per processor, which on this 2-core machine about doubles its time) and the
#   same pinned to the same core as ours, so that the one-core comparison runs both on one core (the two virtual cores
#   of this machine need not be equally fast while something else runs); in mix44 also the ReadyToRun build of ours
#   (`dotnet mastering.dll`: start-up and JIT) and ffmpeg with its default threading, for the record; and the floor,
#   `mastering analyze` alone on the same core: reading and metering the mix, the least any render that meets issue
#   18 §1-2 must do, against which "ffmpeg / 3" (§4's target) can be weighed.
# - paired rounds (default 15; bench/lib/bench.sh): every contender once per round, the order reversed every other
#   round; median, min-max and interquartile range of CPU time (user + sys) and wall time; ratios ffmpeg / ours with
#   the thread counts named; the load before and during the rounds, commit and tool versions. Results and provenance
#   go to bench/results/render.json; `python3 bench/tables.py` writes docs/BENCHMARKS.md's tables from it.
# - checks before timing: the AOT, one-core (and ReadyToRun) renders write the same bytes, and so do ffmpeg pinned and
#   not; our output is 16-bit 44.1 kHz (ffprobe); what each output reaches (our meter) is recorded.
# Not like for like: ffmpeg's chain does not solve a loudness gain; it is given the gain ours solved on the same input
# (read from a `--json` render first), and its limiter holds sample peaks, not true peaks. Ours also measures the
# master (loudness, true peak, the distortion it added) while writing it.
# Then (unless --no-memory) the peak memory of a 5-minute 44.1 kHz and a 60-minute 96 kHz render to 24-bit.
#
# usage: bench/render/run.sh [RUNS] [--no-memory]   (RUNS: paired rounds, default 15; fewer only for a smoke run)
#        BENCH_CASES="mix44 dense44 mix96 mix48 real44 real96" (the default) to run fewer cases; BENCH_OUT=DIR for the work files
#        (default bench/out); BENCH_RESULTS=FILE (default bench/results/render.json); BuildSlot=NAME for the build
# needs: dotnet, gcc or clang (the AOT linker), ffmpeg + ffprobe, /usr/bin/time, taskset, jq, git
set -euo pipefail
runs=15 memory=1
for arg in "$@"; do
  case $arg in
    --no-memory) memory=0 ;;
    '' | *[!0-9]*) echo "usage: bench/render/run.sh [RUNS] [--no-memory]" >&2; exit 2 ;;
    *) runs=$arg ;;
  esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_OUT:-$root/bench/out}
results=${BENCH_RESULTS:-$root/bench/results/render.json}
cases=${BENCH_CASES:-mix44 dense44 mix96 mix48 real44 real96}
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench}
# shellcheck source=../lib/bench.sh
source "$root/bench/lib/bench.sh"
bench_begin render "$root" "$out" "bench/render/run.sh $*" "$runs"
work=$BENCH_WORK

echo "== build (Release; the CLI published Native AOT and ReadyToRun for linux-x64)"
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native "$root/src/MasteringPortal.Cli" -o "$out/render-cli-aot" -v q -nologo >/dev/null
dotnet publish -c Release -r linux-x64 --self-contained false "$root/src/MasteringPortal.Cli" -o "$out/render-cli" -v q -nologo >/dev/null
aot="$out/render-cli-aot/mastering"
cli="$out/render-cli/mastering.dll"
settings="$root/bench/render/bench-settings.json"
bench_fact "" settings "$(jq -c . "$settings")"

echo "== inputs"
mix44="$out/mix-5min.wav" mix48="$out/mix-5min-48k.wav" mix96="$out/mix-5min-96k.wav" dense44="$out/dense-5min.wav"
[[ -s "$mix44" ]] || "$root/bench/analyze/make-test-mix.sh" "$mix44" 5
[[ -s "$mix48" ]] || "$root/bench/analyze/make-test-mix.sh" "$mix48" 5 48000
[[ -s "$mix96" ]] || "$root/bench/analyze/make-test-mix.sh" "$mix96" 5 96000
[[ -s "$dense44" ]] || "$root/bench/analyze/make-dense-master.sh" "$mix44" "$dense44"
real44="$out/real/dense-44100.wav" real96="$out/real/tracker-96000.wav"
if [[ " $cases " == *" real"* ]] && { [[ ! -s "$real44" ]] || [[ ! -s "$real96" ]]; }; then
  "$root/scripts/real-music.sh" --bench "$out/real"
fi
declare -A input_of=([mix44]=$mix44 [dense44]=$dense44 [mix96]=$mix96 [mix48]=$mix48 [real44]=$real44 [real96]=$real96)
declare -A described=(
  [real44]="real dense master: Nexuiz's \"sixtyfour (revisited)\" (Debian's nexuiz-music), decoded, 3 dB down"
  [real96]="real music at 96 kHz: Frozen-Bubble's two-player theme (Debian's fb-music-high), rendered by libopenmpt, 3 dB down"
  [mix44]="synthetic mix (make-test-mix.sh), 60 s swell"
  [dense44]="dense master made from mix44 by ffmpeg's compressors and limiter (make-dense-master.sh)"
  [mix96]="the synthetic mix made at 96 kHz"
  [mix48]="the synthetic mix made at 48 kHz")
declare -A titles=(
  [real44]="real dense master, 44.1 kHz 24-bit in, 16-bit 44.1 kHz out (no sample-rate conversion)"
  [real96]="real music, 96 kHz 24-bit in, 16-bit 44.1 kHz out (sample-rate conversion 96 → 44.1 kHz)"
  [mix44]="synthetic mix, 44.1 kHz 24-bit in, 16-bit 44.1 kHz out (no sample-rate conversion)"
  [dense44]="dense master, 44.1 kHz 24-bit in, 16-bit 44.1 kHz out (no sample-rate conversion)"
  [mix96]="synthetic mix, 96 kHz 24-bit in, 16-bit 44.1 kHz out (sample-rate conversion 96 → 44.1 kHz)"
  [mix48]="synthetic mix, 48 kHz 24-bit in, 16-bit 44.1 kHz out (sample-rate conversion 48 → 44.1 kHz)")
for c in $cases; do
  [[ -n ${input_of[$c]:-} ]] || { echo "unknown case $c (mix44 dense44 mix96 mix48 real44 real96)" >&2; exit 2; }
  "$aot" analyze "${input_of[$c]}" --json >"$work/input-$c.json"
  bench_input "$c" "${input_of[$c]}" "${described[$c]}" "$work/input-$c.json"
done

# ffmpeg's chain: the same three EQ bands and compressor as bench-settings.json, the gain ours solved (GAIN dB),
# alimiter at -1 dBFS (0.891), then soxr to 44.1 kHz (a no-op at 44.1 kHz in) with triangular dither to 16 bits.
ffmpeg_chain() { # GAIN
  echo "equalizer=f=80:t=q:w=0.707:g=1,equalizer=f=350:t=q:w=1:g=-1,equalizer=f=8000:t=q:w=0.707:g=1.5,acompressor=threshold=0.1995:ratio=2:knee=2:attack=30:release=200,volume=${1}dB,alimiter=limit=0.891:attack=2:release=60:level=false,aresample=44100:resampler=soxr:dither_method=triangular"
}

# What a rendered file is (ffprobe) and reaches (our meter), as JSON.
output_facts() { # FILE
  local probe
  probe=$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate,sample_fmt,bits_per_sample -of json "$1")
  "$aot" analyze "$1" --json | jq -c --argjson p "$probe" '{rate_hz: ($p.streams[0].sample_rate | tonumber),
    sample_fmt: $p.streams[0].sample_fmt, bits: $p.streams[0].bits_per_sample,
    integrated_lufs: (.integratedLufs * 100 | round / 100), true_peak_dbtp: (.truePeakDbtp * 100 | round / 100),
    lra_lu: (.loudnessRangeLu * 10 | round / 10)}'
}

for c in $cases; do
  mix=${input_of[$c]} o="$work/$c"
  echo "== case $c: ${titles[$c]}"
  gain=$("$aot" render "$mix" -o "$o-solve.wav" --settings "$settings" --format wav16 --json 2>"$work/solve-stderr.txt" | jq -r '.loudnessGainDb')
  rm -f "$o-solve.wav"
  bench_fact "$c" ffmpeg_gain_db "$gain"
  bench_case "$c" "${titles[$c]}" "$c"
  bench_contender "$c" ours "ours: mastering render, Native AOT" "2" -- "$aot" render "$mix" -o "$o-ours.wav" --settings "$settings" --format wav16
  bench_contender "$c" ours1 "ours, one core" "1 (taskset -c 0)" -- taskset -c 0 "$aot" render "$mix" -o "$o-one.wav" --settings "$settings" --format wav16
  if [[ $c == mix44 ]]; then
    bench_contender "$c" r2r "ours, ReadyToRun build" "2" -- dotnet "$cli" render "$mix" -o "$o-r2r.wav" --settings "$settings" --format wav16
  fi
  # ffmpeg's filter graph runs slice threads (one per processor: the equalizers split the channels between them)
  # unless told otherwise; on short audio frames the hand-offs cost far more than they gain (about twice the time of
  # one thread on this machine, measured 2026-12-06). `-filter_threads 1` makes it the one-thread peer it is labelled as;
  # mix44 also times ffmpeg's default, for the record (the figures before issue 18 §5 were against that).
  ff=(ffmpeg -nostdin -hide_banner -loglevel error -y)
  bench_contender "$c" ffmpeg "ffmpeg chain, -filter_threads 1" "1" -- "${ff[@]}" -filter_threads 1 -i "$mix" -af "$(ffmpeg_chain "$gain")" -c:a pcm_s16le "$o-ffmpeg.wav"
  bench_contender "$c" ffmpeg1 "ffmpeg chain, pinned to core 0" "1 (taskset -c 0)" -- taskset -c 0 "${ff[@]}" -filter_threads 1 -i "$mix" -af "$(ffmpeg_chain "$gain")" -c:a pcm_s16le "$o-ffmpeg1.wav"
  # The floor (issue 18 §4): our analysis alone on one core. It reads the mix and meters it (K-weighted loudness, the
  # 4x 48-tap true peak), which any render meeting §1 and §2 must at least do once (the limiter reads the true peak of
  # what it is given; the loudness solve measures what comes out of it), with none of the render's processing.
  bench_contender "$c" floor "ours: analyze alone (read and meter the mix), one core" "1 (taskset -c 0)" -- taskset -c 0 "$aot" analyze "$mix" --json
  if [[ $c == mix44 ]]; then
    bench_contender "$c" ffmpeg_default "ffmpeg chain, ffmpeg's default threading" "2 (slice threads)" -- "${ff[@]}" -i "$mix" -af "$(ffmpeg_chain "$gain")" -c:a pcm_s16le "$o-ffmpeg-default.wav"
  fi
  bench_ratio "$c" ffmpeg ours "ours 2 threads vs ffmpeg 1 thread"
  bench_ratio "$c" ffmpeg1 ours1 "ours 1 core vs ffmpeg 1 core (both taskset -c 0)"
  bench_ratio "$c" ffmpeg1 floor "the floor: ours' analysis alone vs ffmpeg's whole chain, 1 core each (taskset -c 0)"
  if [[ $c == mix44 ]]; then
    bench_ratio "$c" ffmpeg r2r "ours ReadyToRun 2 threads vs ffmpeg 1 thread"
    bench_ratio "$c" ffmpeg_default ours "ours 2 threads vs ffmpeg's default threading (2 slice threads)"
  fi

  echo "   warm-up and checks"
  bench_warmup "$c"
  cmp -s "$o-ours.wav" "$o-one.wav" || { echo "$c: the AOT and one-core renders differ" >&2; exit 1; }
  if [[ $c == mix44 ]]; then
    cmp -s "$o-ours.wav" "$o-r2r.wav" || { echo "$c: the AOT and ReadyToRun renders differ" >&2; exit 1; }
    cmp -s "$o-ffmpeg.wav" "$o-ffmpeg-default.wav" || { echo "$c: ffmpeg with one and with its default filter threads wrote different files" >&2; exit 1; }
  fi
  cmp -s "$o-ffmpeg.wav" "$o-ffmpeg1.wav" || { echo "$c: ffmpeg pinned and unpinned wrote different files" >&2; exit 1; }
  same="ours AOT and one-core renders write the same bytes; so do ffmpeg pinned and unpinned"
  [[ $c == mix44 ]] && same="ours AOT, one-core and ReadyToRun renders write the same bytes; so do ffmpeg's three runs (unpinned, pinned, default threading)"
  bench_fact "$c" identical_outputs "$(jq -n --arg s "$same" '$s')"
  ours_out=$(output_facts "$o-ours.wav")
  jq -e '.rate_hz == 44100 and .bits == 16' <<<"$ours_out" >/dev/null || { echo "$c: our output is not 16-bit 44.1 kHz: $ours_out" >&2; exit 1; }
  bench_fact "$c" output_ours "$ours_out"
  bench_fact "$c" output_ffmpeg "$(output_facts "$o-ffmpeg.wav")"

  echo "   $runs paired rounds"
  bench_rounds "$c" "$runs"
  rm -f "$o"-*.wav
done

if ((memory)); then
  # Memory stays flat with length and rate: peak RSS of the 5-minute 44.1 kHz render and of a 60-minute 96 kHz one
  # (the 5-minute 96 kHz mix looped twelve times, a stream copy), both to a 24-bit master at the mix's rate.
  mix96long="$out/mix-60min-96k.wav"
  [[ -s "$mix96long" ]] || ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$mix96" -c copy "$mix96long"
  echo "== peak memory (max RSS)"
  mem="[]"
  for m in "$mix44" "$mix96long"; do
    bench_time "$aot" render "$m" -o "$work/render-mem.wav" --settings "$settings" --format wav24
    echo "   $(basename "$m") -> 24-bit master: $((BT_RSS_KB / 1024)) MiB max RSS, cpu $BT_CPU s, wall $BT_WALL s"
    mem=$(jq -c --arg f "$(basename "$m")" --argjson kb "$BT_RSS_KB" --argjson c "$BT_CPU" --argjson w "$BT_WALL" \
      '. + [{file: $f, output: "24-bit WAV at the mix rate", max_rss_mib: ($kb / 1024 | round), cpu_s: $c, wall_s: $w}]' <<<"$mem")
  done
  rm -f "$work/render-mem.wav"
  bench_fact "" memory "$mem"
fi

bench_write_json "$results"
bench_print "$results"
