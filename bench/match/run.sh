#!/usr/bin/env bash
# CPU time (user + sys) and peak memory of reference matching,
#   mastering render MIX --reference REF -o OUT
# on a 5-minute 44.1 kHz 24-bit stereo mix and a 5-minute reference, against the same render without a reference
# (the peer: what matching adds), interleaved, RUNS times each; then the peak memory of a 60-minute mix matched
# to the 5-minute reference. Default settings: wav24 at the mix's rate, -14 LUFS target replaced by the reference's
# loudness, -1 dBTP true-peak limiter, TPDF dither.
#
# The mix is bench/analyze/make-test-mix.sh's synthetic song; the reference is the same song made brighter,
# fuller in the bass, wider and 6 dB louder by ffmpeg (equalizer, stereotools, alimiter), i.e. a "commercial" track.
#
# usage: bench/match/run.sh [RUNS]     (default 3; needs dotnet, ffmpeg, /usr/bin/time)
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-match}

echo "== build (Release)"
dotnet build -c Release "$root/src/MasteringPortal.Cli" -v q -nologo -nodeReuse:false >/dev/null
cli="$root/.build/$BuildSlot/bin/MasteringPortal.Cli/Release/net10.0/mastering.dll"

mix5="$out/mix-5min.wav"
[[ -s "$mix5" ]] || { echo "== making $mix5"; "$root/bench/analyze/make-test-mix.sh" "$mix5" 5; }
ref5="$out/reference-5min.wav"
[[ -s "$ref5" ]] || { echo "== making $ref5"; ffmpeg -nostdin -hide_banner -loglevel error -y -i "$mix5" -af \
  "equalizer=f=80:t=q:w=0.8:g=3,equalizer=f=450:t=q:w=1:g=-2,equalizer=f=9000:t=q:w=0.7:g=4,stereotools=slev=1.3,volume=6dB,alimiter=limit=0.89:level=false" \
  -c:a pcm_s24le "$ref5"; }

# One run: "wall user sys maxrss_kb" into $out/time.txt.
measure() { /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt"; exit 1; }; cat "$out/time.txt"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

matched=(dotnet "$cli" render "$mix5" --reference "$ref5" -o "$out/match-ours.wav")
plain=(dotnet "$cli" render "$mix5" -o "$out/match-plain.wav")

echo "== warm-up"
"${matched[@]}" >/dev/null
"${plain[@]}" >/dev/null

m_cpu=(); m_wall=(); m_rss=(); p_cpu=(); p_wall=(); p_rss=()
for ((i = 0; i < runs; i++)); do
  read -r w u s k < <(measure "${matched[@]}")
  m_cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}')"); m_wall+=("$w"); m_rss+=("$k")
  read -r w u s k < <(measure "${plain[@]}")
  p_cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}')"); p_wall+=("$w"); p_rss+=("$k")
done
med() { printf '%s\n' "$@" | median; }
echo "== results (median of $runs; 5:00 of 44.1 kHz 24-bit stereo; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "render --reference : CPU $(med "${m_cpu[@]}") s (runs: ${m_cpu[*]}), wall $(med "${m_wall[@]}") s, max RSS $(( $(med "${m_rss[@]}") / 1024 )) MiB"
echo "render (no match)  : CPU $(med "${p_cpu[@]}") s (runs: ${p_cpu[*]}), wall $(med "${p_wall[@]}") s, max RSS $(( $(med "${p_rss[@]}") / 1024 )) MiB"
awk -v a="$(med "${m_cpu[@]}")" -v b="$(med "${p_cpu[@]}")" 'BEGIN { printf "matching adds      : %.2f s of CPU\n", a - b }'

echo "== what the matched master reaches (mastering analyze)"
for f in "$ref5" "$mix5" "$out/match-ours.wav"; do
  dotnet "$cli" analyze "$f" --json 2>/dev/null | grep -oE '"(integratedLufs|truePeakDbtp|loudnessRangeLu)":[^,}]*' | tr '\n' ' ' | sed "s|^|$(basename "$f"): |"; echo
done

mix60="$out/mix-60min.wav"
[[ -s "$mix60" ]] || ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 11 -i "$mix5" -c copy "$mix60"
echo "== peak memory, 60-minute mix matched to the 5-minute reference"
read -r w u s k < <(measure dotnet "$cli" render "$mix60" --reference "$ref5" -o "$out/match-mem.wav" --match-report "$out/match-60min.json")
echo "mix-60min.wav: max RSS $((k / 1024)) MiB, CPU $(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}') s, wall ${w} s"
rm -f "$out/match-mem.wav" "$out/match-plain.wav"
