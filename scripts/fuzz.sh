#!/usr/bin/env bash
# Fuzzes the WAV and AIFF readers for a bounded time: ./scripts/fuzz.sh [SECONDS] (default 60).
#
# 1. builds tests/MasteringPortal.Audio.Fuzz, writes a seed corpus of tiny valid WAV/AIFF files,
# 2. instruments MasteringPortal.Audio.dll with SharpFuzz (`dotnet sharpfuzz`),
# 3. runs afl-fuzz for SECONDS (-V) with the SharpFuzz out-of-process target,
# 4. exits 1 if AFL found any crash (an exception other than AudioFileException, or an allocation out of
#    proportion to the input) or hang; the offending inputs are replayed so their stack traces print.
# Without afl-fuzz (or if it cannot start here) it falls back to the target's in-process mutation mode
# for the same time, with the same crash rules. Works unattended as root in CI.
set -euo pipefail

SECONDS_BUDGET="${1:-60}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export BuildSlot="${BuildSlot:-fuzz}"
WORK="${FUZZ_WORK:-$(mktemp -d /tmp/mp-fuzz.XXXXXX)}"
OUT="$WORK/bin"
PLAIN="$WORK/plain"
SEEDS="$WORK/seeds"
FINDINGS="$WORK/findings"
rm -rf "$OUT" "$PLAIN" "$SEEDS" "$FINDINGS" "$WORK/failing" "$WORK/crashes"
mkdir -p "$WORK"
echo "fuzz: work folder $WORK, budget ${SECONDS_BUDGET}s"

cd "$ROOT"
dotnet build tests/MasteringPortal.Audio.Fuzz -c Release -o "$PLAIN" -nologo -v q >/dev/null
dotnet "$PLAIN/MasteringPortal.Audio.Fuzz.dll" --make-seeds "$SEEDS"

plain_fallback() {
  echo "fuzz: $1; running the in-process mutation mode instead"
  dotnet "$PLAIN/MasteringPortal.Audio.Fuzz.dll" --mutate 100000000 --seed "${FUZZ_SEED:-$RANDOM}" \
    --seconds "$SECONDS_BUDGET" --crashes "$WORK/crashes"
  exit $?
}

command -v afl-fuzz >/dev/null || plain_fallback "afl-fuzz not found (apt-get install -y afl++)"

cp -r "$PLAIN" "$OUT"
dotnet tool restore >/dev/null
dotnet sharpfuzz "$OUT/MasteringPortal.Audio.dll" >/dev/null || plain_fallback "SharpFuzz instrumentation failed"

export AFL_SKIP_BIN_CHECK=1                 # the target is `dotnet`, instrumented by SharpFuzz, not afl-cc
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
export AFL_NO_AFFINITY=1                    # shared CI machine: do not pin a core
export AFL_FORKSRV_INIT_TMOUT=60000         # .NET start-up is slow on a busy machine
export AFL_NO_CRASH_README=1
export AFL_QUIET=1

set +e
timeout -k 10 $((SECONDS_BUDGET + 120)) afl-fuzz -i "$SEEDS" -o "$FINDINGS" -V "$SECONDS_BUDGET" -t 10000 -m none \
  -- dotnet "$OUT/MasteringPortal.Audio.Fuzz.dll" > "$WORK/afl.log" 2>&1
AFL_RC=$?
set -e

STATS="$FINDINGS/default/fuzzer_stats"
if [[ ! -f "$STATS" ]]; then
  tail -20 "$WORK/afl.log" || true
  plain_fallback "afl-fuzz did not start (exit $AFL_RC)"
fi

stat() { awk -F': ' -v k="$1" '$1 ~ "^"k" *$" {gsub(/ /,"",$2); print $2}' "$STATS"; }
echo "fuzz: afl-fuzz ran $(stat run_time)s, $(stat execs_done) executions, $(stat corpus_count) corpus entries," \
     "$(stat saved_crashes) crash(es), $(stat saved_hangs) hang(s)"

shopt -s nullglob
CRASHES=("$FINDINGS"/default/crashes/id* "$FINDINGS"/default/hangs/id*)
if (( ${#CRASHES[@]} > 0 )); then
  mkdir -p "$WORK/failing"
  cp "${CRASHES[@]}" "$WORK/failing/"
  echo "fuzz: FAILED: ${#CRASHES[@]} crashing or hanging input(s) in $WORK/failing; replaying:"
  dotnet "$PLAIN/MasteringPortal.Audio.Fuzz.dll" --replay "$WORK/failing" || true
  exit 1
fi
# The queue AFL built is replayed on the uninstrumented build too: a cheap second check.
dotnet "$PLAIN/MasteringPortal.Audio.Fuzz.dll" --replay "$FINDINGS/default/queue"
echo "fuzz: passed"
