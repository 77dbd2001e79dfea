#!/usr/bin/env bash
# Re-sequencing a 10-track album (issue 20): bench/album/AlbumBench/AlbumBench.cs says what is timed. Figures go in
# docs/BENCHMARKS.md, "Album".
#
# usage: bench/album/run.sh [RUNS] [RATE...]   (default 5 runs, 44100 and 48000 Hz masters; needs dotnet and ~2 GB of disk)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/album"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench-album}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export BENCH_COMMIT=$(git -C "$root" rev-parse --short HEAD)
dotnet build -c Release "$root/bench/album/AlbumBench/AlbumBench.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$root/.build/$BuildSlot/bin/AlbumBench/Release/net10.0/AlbumBench.dll" "$out" "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
