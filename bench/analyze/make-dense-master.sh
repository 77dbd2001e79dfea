#!/usr/bin/env bash
# Makes a dense, loud master from a mix with ffmpeg's own dynamics filters (not our engine, so the benchmarks do not
# time our engine on its own output): a slow compressor that flattens make-test-mix.sh's 60 s swell, a fast one that
# packs the hits, and a brick-wall limiter driven hard, to about -8 LUFS under a -0.5 dBFS sample-peak ceiling (from
# the 5-minute mix: -8.2 LUFS, LRA 1.4 LU, PLR 9.8 dB). A sample-peak limiter leaves inter-sample overs (+1.6 dBTP
# here), as loud commercial masters have. The point, for the benchmarks: the synthetic mix's swell keeps most of it
# well under its peak, so a true-peak meter that skips chunks which cannot raise the peak found so far skips most of
# that mix; a dense master sits near its peak all the time and lets a meter skip far less. 24-bit WAV at the input's
# rate.
#
# usage: make-dense-master.sh MIX.wav OUT.wav
set -euo pipefail
in=${1:?usage: make-dense-master.sh MIX.wav OUT.wav}
out=${2:?usage: make-dense-master.sh MIX.wav OUT.wav}

ffmpeg -nostdin -hide_banner -loglevel error -y -i "$in" -af \
  "acompressor=threshold=-34dB:ratio=6:knee=6:attack=80:release=1500:makeup=12dB,acompressor=threshold=-20dB:ratio=4:knee=3:attack=3:release=60:makeup=6dB,alimiter=level_in=11dB:limit=-0.5dB:attack=1:release=40:asc=1:level=false" \
  -c:a pcm_s24le "$out"
