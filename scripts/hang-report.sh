#!/usr/bin/env bash
# Where a test process that looks hung stands, for test.sh's watchdog: the managed threads whose stacks pass
# through our code (dotnet-stack), and the chains of awaiting async methods that involve it (dotnet-dump's
# dumpasync), since an await that never completes shows on no thread. Both tools come from dotnet-tools.json.
# Usage: scripts/hang-report.sh PID
set -u
pid=$1
cd "$(dirname "$0")/.."
name=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -o 'MasteringPortal\.[A-Za-z]*\.Tests' | head -1)
echo "== hang report: test process $pid (${name:-unknown}), running for $(ps -o etimes= -p "$pid" | tr -d ' ') s"
# Blocks (a thread, an async chain) that mention our code, each cut to its top 25 lines.
ours() { awk 'BEGIN { RS = ""; FS = "\n" } /MasteringPortal/ { for (i = 1; i <= NF && i <= 25; i++) print $i; print "" }' | head -n "$1"; }
echo "-- threads in our code"
timeout 120 dotnet dotnet-stack report -p "$pid" 2>&1 | ours 200
dump=$(mktemp -u "${TMPDIR:-/tmp}/mp-hang.XXXXXX.dmp")
if timeout 180 dotnet dotnet-dump collect -p "$pid" --type Heap -o "$dump" >/dev/null 2>&1; then
  echo "-- async methods waiting, with our code in the chain"
  timeout 300 dotnet dotnet-dump analyze "$dump" -c "dumpasync --coalesce" -c exit 2>&1 | ours 200
else
  echo "-- (no dump could be taken)"
fi
rm -f "$dump"
