#!/usr/bin/env bash
# Issue 4 §6: times `mastering render` (EQ, bus compressor, loudness target solved under a true-peak
# limiter, TPDF dither to 16-bit 44.1 kHz) against ffmpeg's nearest single-pass chain (equalizer biquads,
# acompressor, volume, alimiter, aresample=resampler=soxr with triangular dither to s16) on the same
# 5-minute 44.1 kHz 24-bit stereo mix; prints the median wall times, their ratio, and the loudness / true
# peak each output reaches (our meter). Not like for like: ffmpeg's chain guesses one gain (no loudness
# solve, sample-peak-ish limiter); ours makes several passes to hit the target.
#
# usage: bench/render/run.sh [RUNS]     (default 3; needs dotnet, ffmpeg, /usr/bin/time)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench}

echo "== build (Release)"
dotnet build -c Release "$root/src/MasteringPortal.Cli" -v q -nologo >/dev/null
cli="$root/.build/$BuildSlot/bin/MasteringPortal.Cli/Release/net10.0/mastering.dll"

mix5="$out/mix-5min.wav"
[[ -s "$mix5" ]] || { echo "== making $mix5"; "$root/bench/analyze/make-test-mix.sh" "$mix5" 5; }

wall() { /usr/bin/time -f "%e" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt"; cat "$out/time.txt"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

ours=(dotnet "$cli" render "$mix5" -o "$out/render-ours.wav" --settings "$root/bench/render/bench-settings.json" --format wav16)
# ffmpeg: the same three EQ bands and compressor, a fixed +4 dB make-up instead of a solved loudness gain,
# alimiter at -1 dBFS (0.891), soxr + triangular dither to 16 bits.
theirs=(ffmpeg -nostdin -hide_banner -loglevel error -y -i "$mix5" -af \
  "equalizer=f=80:t=q:w=0.707:g=1,equalizer=f=350:t=q:w=1:g=-1,equalizer=f=8000:t=q:w=0.707:g=1.5,acompressor=threshold=0.1995:ratio=2:knee=2:attack=30:release=200,volume=4dB,alimiter=limit=0.891:attack=2:release=60:level=false,aresample=44100:resampler=soxr:dither_method=triangular" \
  -c:a pcm_s16le "$out/render-ffmpeg.wav")

echo "== warm-up"
"${ours[@]}" >/dev/null
"${theirs[@]}"

ours_t=(); theirs_t=()
for ((i = 0; i < runs; i++)); do
  ours_t+=("$(wall "${ours[@]}")")
  theirs_t+=("$(wall "${theirs[@]}")")
done
ours_m=$(printf '%s\n' "${ours_t[@]}" | median)
theirs_m=$(printf '%s\n' "${theirs_t[@]}" | median)

echo "== results (median of $runs, wall seconds, 5:00 of 44.1 kHz 24-bit stereo)"
echo "mastering render : ${ours_m} s   (runs: ${ours_t[*]})"
echo "ffmpeg chain     : ${theirs_m} s   (runs: ${theirs_t[*]})"
awk -v a="$ours_m" -v b="$theirs_m" 'BEGIN { printf "ratio ours/ffmpeg: %.2f\n", a / b }'
echo "== what each output reaches (mastering analyze)"
for f in render-ours render-ffmpeg; do
  dotnet "$cli" analyze "$out/$f.wav" --json 2>/dev/null | grep -oE '"(integratedLufs|truePeakDbtp)":[^,}]*' | tr '\n' ' ' | sed "s/^/$f: /"; echo
done

# Memory stays flat with length: peak RSS of a 5-minute and a 60-minute render (the 60-minute mix is the
# 5-minute one looped, made by bench/analyze/run.sh or here).
mix60="$out/mix-60min.wav"
[[ -s "$mix60" ]] || ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$mix5" -c copy "$mix60"
echo "== peak memory (max RSS)"
for m in "$mix5" "$mix60"; do
  /usr/bin/time -f "%M %e" -o "$out/time.txt" dotnet "$cli" render "$m" -o "$out/render-mem.wav" \
    --settings "$root/bench/render/bench-settings.json" --format wav16 >/dev/null 2>"$out/stderr.txt"
  read -r kb secs < "$out/time.txt"
  echo "$(basename "$m"): $((kb / 1024)) MiB, ${secs} s"
done
rm -f "$out/render-mem.wav"
