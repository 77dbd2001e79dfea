#!/usr/bin/env bash
# Reference matching against Matchering on the matching test set (tests/MasteringPortal.Audio.Tests/Matching/MatchPairs.cs):
# writes the pairs, runs Matchering itself on each (its Python source, fetched separately, on PYTHONPATH; nothing of it
# is in this repository), then measures every pair unprocessed, as Matchering left it and as our matcher renders it
# (the tonal distance of src/MasteringPortal.Audio/Matching/TonalDistance.cs, loudness and true peak by our meter).
# Writes bench/match/matchering-peer.json, which the test MatchingAgainstMatcheringTests compares against, and prints the
# table for docs/REFERENCE-MATCHING.md. Extra arguments are variants of ours to show where the distance comes from
# (see bench/MasteringPortal.Bench/MatchPeer.cs), e.g. `norefine limit6+norefine noloudness`.
#
# usage: MATCHERING_SRC=/path/to/matchering-checkout bench/match/peer.sh [VARIANT...]
# needs: dotnet, ffmpeg; Debian packages python3-numpy python3-scipy python3-soundfile python3-statsmodels python3-resampy
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
src=${MATCHERING_SRC:?set MATCHERING_SRC to a checkout of github.com/sergree/matchering (the folder holding matchering/)}
work=${MATCH_WORK:-$root/bench/out/match-pairs}
export BuildSlot=${BuildSlot:-match}
mkdir -p "$work"
rm -f "$work"/*.wav

echo "== build (Release)"
dotnet build -c Release "$root/bench/MasteringPortal.Bench" -v q -nologo -nodeReuse:false >/dev/null
bench=(dotnet "$root/.build/$BuildSlot/bin/MasteringPortal.Bench/Release/net10.0/MasteringPortal.Bench.dll")

echo "== pairs"
"${bench[@]}" match-pairs "$work"
echo "== Matchering $(cd "$src" && git describe --always 2>/dev/null || echo '(not a git checkout)') (python3 $(/usr/bin/python3 -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'))"
PYTHONPATH="$src" /usr/bin/python3 "$root/bench/match/matchering_peer.py" "$work"
echo "== distances (dB), loudness (LUFS), true peak (dBTP by our meter)"
"${bench[@]}" match-score "$work" "$root/bench/match/matchering-peer.json" default "$@"
