#!/usr/bin/env bash
# The portal's render job timed end to end, in the portal's own process (issue 18 §5; issue 19's platform check after
# it): bench/renderjob/RenderJobBench/RenderJobBench.cs says what is timed. Figures go in docs/BENCHMARKS.md,
# "The portal's render job, end to end".
#
# usage: bench/renderjob/run.sh [RUNS]   (default 5; needs dotnet and ffmpeg with libvorbis and libopus)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
mkdir -p "$out"
export BuildSlot=${BuildSlot:-bench-renderjob}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mix="$out/mix-5min.wav"
[[ -s "$mix" ]] || { echo "== making $mix"; "$root/bench/analyze/make-test-mix.sh" "$mix" 5; }
dotnet build -c Release "$root/bench/renderjob/RenderJobBench/RenderJobBench.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
echo "== $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ' (with uncommitted changes)'), $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$root"
dotnet "$root/.build/$BuildSlot/bin/RenderJobBench/Release/net10.0/RenderJobBench.dll" "$mix" "$root/bench/render/bench-settings.json" "${1:-5}"
