#!/usr/bin/env bash
# The render job's audio work on the 5-minute bench mix with and without the platform copies and checks (issue 19):
# bench/platforms/PlatformBench/PlatformBench.cs says what is timed. Figures go in docs/BENCHMARKS.md, "Platforms".
#
# usage: bench/platforms/run.sh [RUNS]   (default 3; needs dotnet and ffmpeg with libvorbis and libopus)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench-platforms}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mix="$out/mix-5min.wav"
[[ -s "$mix" ]] || { echo "== making $mix"; "$root/bench/analyze/make-test-mix.sh" "$mix" 5; }
dotnet build -c Release "$root/bench/platforms/PlatformBench/PlatformBench.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
dotnet "$root/.build/$BuildSlot/bin/PlatformBench/Release/net10.0/PlatformBench.dll" "$mix" "$root/bench/render/bench-settings.json" "$out" "${1:-3}"
