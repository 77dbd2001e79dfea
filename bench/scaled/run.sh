#!/usr/bin/env bash
# The scaled topology under load: renders per minute with 1 and 2 workers, queue waits, and render finished → waveform
# drawn in PAGES open review pages across both web processes (bench/scaled/ScaledBench/ScaledBench.cs says how).
#
# usage: MP_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres" bench/scaled/run.sh [RENDERS=6] [MINUTES=5] [PAGES=20] [WORKERS="1 2"]
# needs: dotnet, PostgreSQL (a server the bench makes a throw-away database on), redis-server, nginx, ffmpeg, chromium
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -n "${MP_TEST_POSTGRES:-}" ] || { echo "Set MP_TEST_POSTGRES to a PostgreSQL server the bench may create a database on." >&2; exit 2; }
export BuildSlot=${BuildSlot:-bench-scaled}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release "$root/bench/scaled/ScaledBench/ScaledBench.csproj" -v q -nologo -nodeReuse:false -clp:ErrorsOnly >/dev/null
cd "$root"
export SCALED_BENCH_DLL="$root/.build/$BuildSlot/bin/MasteringPortal.Web/Release/net10.0/MasteringPortal.Web.dll"
dotnet "$root/.build/$BuildSlot/bin/ScaledBench/Release/net10.0/ScaledBench.dll" "${1:-6}" "${2:-5}" "${3:-20}" "${4:-1 2}"
