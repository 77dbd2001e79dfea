#!/usr/bin/env bash
# Reference matching against Matchering on real music (issue 18 §3): six pairs cut by `scripts/real-music.sh --match`
# from game soundtracks in Debian's packages (each "mix" is another released track; 60 s each, at 44.1, 48, 88.2 and
# 96 kHz). Runs Matchering itself on each pair (its Python source, fetched separately, on PYTHONPATH; nothing of it is in
# this repository), then measures every pair unprocessed, as Matchering left it and as our matcher renders it at the
# default amount and limits (bench/MasteringPortal.Bench/MatchPeer.cs, match-score-folder). Writes
# bench/match/matchering-real.json and prints the table for docs/REFERENCE-MATCHING.md. Extra arguments are variants of
# ours, as for peer.sh.
#
# usage: MATCHERING_SRC=/path/to/matchering-checkout bench/match/real.sh [VARIANT...]
#        MATCH_TONE_LIMITS="NAME=18,..." renders the named pairs with the tone limit an engineer opens for them
# needs: dotnet, ffmpeg (with libopenmpt, as Debian's), apt-get; Debian packages python3-numpy python3-scipy
#        python3-soundfile python3-statsmodels python3-resampy
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
src=${MATCHERING_SRC:?set MATCHERING_SRC to a checkout of github.com/sergree/matchering (the folder holding matchering/)}
work=${MATCH_WORK:-$root/bench/out/match-real}
export BuildSlot=${BuildSlot:-match}
mkdir -p "$work"
rm -f "$work"/*-matchering.wav "$work"/*-ours-*.wav "$work"/*-trial*.wav

echo "== build (Release)"
dotnet build -c Release "$root/bench/MasteringPortal.Bench" -v q -nologo -nodeReuse:false >/dev/null
bench=(dotnet "$root/.build/$BuildSlot/bin/MasteringPortal.Bench/Release/net10.0/MasteringPortal.Bench.dll")

echo "== pairs"
[[ -s "$work/tracker88-to-stairs-reference.wav" ]] || "$root/scripts/real-music.sh" --match "$work"
sed -n '2,3p' "$work/SOURCES.txt"
echo "== Matchering $(cd "$src" && git describe --always 2>/dev/null || echo '(not a git checkout)') (python3 $(/usr/bin/python3 -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'))"
PYTHONPATH="$src" /usr/bin/python3 "$root/bench/match/matchering_peer.py" "$work"
echo "== distances (dB), loudness (LUFS), true peak (dBTP by our meter)"
"${bench[@]}" match-score-folder "$work" "$root/bench/match/matchering-real.json" default "$@"
