#!/usr/bin/env bash
# Render finished → new waveform drawn in a connected browser (target < 500 ms).
# Builds the portal and the bench (Release) and runs RUNS renders of a SECONDS-long mix; see
# bench/review/ReviewLatencyBench/Program.cs for what is measured.
#
# usage: bench/review/run.sh [RUNS=10] [SECONDS=180]
# needs: dotnet, Debian's chromium (MP_CHROMIUM to override /usr/bin/chromium), ffmpeg
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export BuildSlot=${BuildSlot:-bench-review}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release "$root/bench/review/ReviewLatencyBench/ReviewLatencyBench.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
cd "$root"
dotnet "$root/.build/$BuildSlot/bin/ReviewLatencyBench/Release/net10.0/ReviewLatencyBench.dll" "${1:-10}" "${2:-180}"
