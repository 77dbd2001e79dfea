#!/usr/bin/env bash
# Times `mastering render` (EQ, bus compressor, loudness target solved under a true-peak
# limiter, TPDF dither to 16-bit 44.1 kHz) against ffmpeg's nearest single-pass chain (equalizer biquads,
# acompressor, volume, alimiter, aresample=resampler=soxr with triangular dither to s16) on the same
# 5-minute 44.1 kHz 24-bit stereo mix, runs interleaved (ours, ffmpeg, ours, ...). Prints the median CPU time
# (user + sys) and wall time of each, their ratios and realtime factors, and the loudness / true peak each
# output reaches (our meter), then the peak memory of a 5-minute 44.1 kHz and a 60-minute 96 kHz render.
# Ours is the CLI compiled ahead of time (Native AOT for this machine's instruction set: the measured figure); the
# ReadyToRun build (`dotnet mastering.dll`, the same code with the .NET runtime's start-up and JIT) is timed alongside,
# and both must write the same bytes. The render runs its writer and output meter on a second thread (two cores);
# the same render pinned to one core is timed too (`taskset -c 0`: .NET then sees one processor and keeps the
# consumer inline), for the one-core realtime factor.
# Not like for like: ffmpeg's chain guesses one gain (no loudness solve, sample-peak limiter); ours solves the
# gain and measures the master while writing it.
#
# usage: bench/render/run.sh [RUNS] [--no-memory]   (default 5; needs dotnet, gcc or clang, ffmpeg, /usr/bin/time)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench}

echo "== build (Release; the CLI published Native AOT and ReadyToRun for linux-x64)"
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:IlcInstructionSet=native "$root/src/MasteringPortal.Cli" -o "$out/render-cli-aot" -v q -nologo >/dev/null
dotnet publish -c Release -r linux-x64 --self-contained false "$root/src/MasteringPortal.Cli" -o "$out/render-cli" -v q -nologo >/dev/null
aot="$out/render-cli-aot/mastering"
cli="$out/render-cli/mastering.dll"

mix5="$out/mix-5min.wav"
[[ -s "$mix5" ]] || { echo "== making $mix5"; "$root/bench/analyze/make-test-mix.sh" "$mix5" 5; }

# One timed run: prints "wall cpu maxrss_kb".
timed() {
  /usr/bin/time -f "%e %U %S %M" -o "$out/render-time.txt" "$@" >/dev/null 2>"$out/render-stderr.txt" \
    || { cat "$out/render-stderr.txt" >&2; exit 1; }
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$out/render-time.txt"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

settings="$root/bench/render/bench-settings.json"
ours=("$aot" render "$mix5" -o "$out/render-ours.wav" --settings "$settings" --format wav16)
r2r=(dotnet "$cli" render "$mix5" -o "$out/render-r2r.wav" --settings "$settings" --format wav16)
one=(taskset -c 0 "$aot" render "$mix5" -o "$out/render-one.wav" --settings "$settings" --format wav16)
# ffmpeg: the same three EQ bands and compressor, a fixed +4 dB make-up instead of a solved loudness gain,
# alimiter at -1 dBFS (0.891), soxr + triangular dither to 16 bits.
theirs=(ffmpeg -nostdin -hide_banner -loglevel error -y -i "$mix5" -af \
  "equalizer=f=80:t=q:w=0.707:g=1,equalizer=f=350:t=q:w=1:g=-1,equalizer=f=8000:t=q:w=0.707:g=1.5,acompressor=threshold=0.1995:ratio=2:knee=2:attack=30:release=200,volume=4dB,alimiter=limit=0.891:attack=2:release=60:level=false,aresample=44100:resampler=soxr:dither_method=triangular" \
  -c:a pcm_s16le "$out/render-ffmpeg.wav")

echo "== warm-up, and the three builds of ours write the same bytes"
"${ours[@]}" >/dev/null 2>&1
"${r2r[@]}" >/dev/null 2>&1
"${one[@]}" >/dev/null 2>&1
"${theirs[@]}"
cmp -s "$out/render-ours.wav" "$out/render-r2r.wav" && cmp -s "$out/render-ours.wav" "$out/render-one.wav" \
  || { echo "the AOT, ReadyToRun and one-thread renders differ" >&2; exit 1; }

ours_wall=(); ours_cpu=(); theirs_wall=(); theirs_cpu=(); r2r_wall=(); r2r_cpu=(); one_wall=(); one_cpu=()
for ((i = 0; i < runs; i++)); do
  read -r w c _ < <(timed "${ours[@]}"); ours_wall+=("$w"); ours_cpu+=("$c")
  read -r w c _ < <(timed "${r2r[@]}"); r2r_wall+=("$w"); r2r_cpu+=("$c")
  read -r w c _ < <(timed "${one[@]}"); one_wall+=("$w"); one_cpu+=("$c")
  read -r w c _ < <(timed "${theirs[@]}"); theirs_wall+=("$w"); theirs_cpu+=("$c")
done
ow=$(printf '%s\n' "${ours_wall[@]}" | median); oc=$(printf '%s\n' "${ours_cpu[@]}" | median)
tw=$(printf '%s\n' "${theirs_wall[@]}" | median); tc=$(printf '%s\n' "${theirs_cpu[@]}" | median)
rw=$(printf '%s\n' "${r2r_wall[@]}" | median); rc=$(printf '%s\n' "${r2r_cpu[@]}" | median)
nw=$(printf '%s\n' "${one_wall[@]}" | median); nc=$(printf '%s\n' "${one_cpu[@]}" | median)

echo "== results (median of $runs interleaved runs, 5:00 of 44.1 kHz 24-bit stereo; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "mastering render (Native AOT, 2 threads): cpu ${oc} s, wall ${ow} s   (cpu: ${ours_cpu[*]}; wall: ${ours_wall[*]})"
echo "  the same, ReadyToRun build   : cpu ${rc} s, wall ${rw} s   (cpu: ${r2r_cpu[*]}; wall: ${r2r_wall[*]})"
echo "  the same, one core         : cpu ${nc} s, wall ${nw} s   (cpu: ${one_cpu[*]}; wall: ${one_wall[*]})"
echo "ffmpeg chain     : cpu ${tc} s, wall ${tw} s   (cpu: ${theirs_cpu[*]}; wall: ${theirs_wall[*]})"
awk -v oc="$oc" -v tc="$tc" -v ow="$ow" -v tw="$tw" -v rw="$rw" -v rc="$rc" -v nw="$nw" -v nc="$nc" 'BEGIN {
  printf "ffmpeg / ours: %.2fx on wall time, %.2fx on CPU time (target >= 2x)\n", tw / ow, tc / oc
  printf "ffmpeg / ours on one core: %.2fx on wall time, %.2fx on CPU time\n", tw / nw, tc / nc
  printf "ffmpeg / ReadyToRun build: %.2fx on wall time, %.2fx on CPU time\n", tw / rw, tc / rc
  printf "realtime factor on one core (one core): %.0fx on wall time, %.0fx on CPU time (target >= 100x)\n", 300 / nw, 300 / nc }'
echo "== what each output reaches (mastering analyze)"
for f in render-ours render-ffmpeg; do
  "$aot" analyze "$out/$f.wav" --json 2>/dev/null | grep -oE '"(integratedLufs|truePeakDbtp)":[^,}]*' | tr '\n' ' ' | sed "s/^/$f: /"; echo
done

[[ "${2:-}" == "--no-memory" ]] && exit 0
# Memory stays flat with length and rate: peak RSS of the 5-minute 44.1 kHz render and of a 60-minute 96 kHz one
# (a 5-minute 96 kHz mix from make-test-mix.sh, looped twelve times).
mix96="$out/mix-60min-96k.wav"
if [[ ! -s "$mix96" ]]; then
  echo "== making $mix96"
  "$root/bench/analyze/make-test-mix.sh" "$out/mix-5min-96k.wav" 5 96000
  ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$out/mix-5min-96k.wav" -c copy "$mix96"
fi
echo "== peak memory (max RSS)"
for m in "$mix5" "$mix96"; do
  read -r w c kb < <(timed "$aot" render "$m" -o "$out/render-mem.wav" --settings "$settings" --format wav24)
  echo "$(basename "$m") -> 24-bit master at the mix rate: $((kb / 1024)) MiB max RSS, cpu ${c} s, wall ${w} s"
done
rm -f "$out/render-mem.wav"
