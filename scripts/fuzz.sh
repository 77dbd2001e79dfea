#!/usr/bin/env bash
# Fuzzes for a bounded time: ./scripts/fuzz.sh [SECONDS] [TARGET] (default 60 s, target "readers").
#   readers  the WAV and AIFF readers (tests/MasteringPortal.Audio.Fuzz, MasteringPortal.Audio.dll instrumented);
#            a crash is an exception other than AudioFileException, or an allocation out of proportion to the input.
#   uploads  the upload protocol (tests/MasteringPortal.Uploads.Fuzz, MasteringPortal.Web.dll instrumented): the
#            portal in memory, each input a sequence of upload requests; a crash is a 5xx, a 4xx without its
#            message, or a stored file that changed.
#
# 1. builds the target's project, writes its seed corpus,
# 2. instruments the assembly under test with SharpFuzz (`dotnet sharpfuzz`),
# 3. runs afl-fuzz for SECONDS (-V) with the SharpFuzz target,
# 4. fails if AFL found any crash or hang; the offending inputs are replayed so their reasons print.
#
# Exit status: 0 only when AFL++ really drove the instrumented target for the budget (executions counted,
# coverage seen, 0 crashes, 0 hangs); 1 on a finding or when AFL++ did not run as intended (instrumentation
# failed, afl-fuzz did not start or stopped early); 77 (skipped) when afl-fuzz is not installed, outside CI
# only: under CI=true a missing afl-fuzz is a failure. Works unattended as root in CI.
set -euo pipefail

SECONDS_BUDGET="${1:-60}"
TARGET="${2:-readers}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
case "$TARGET" in
  readers) PROJECT=MasteringPortal.Audio.Fuzz; INSTRUMENT=MasteringPortal.Audio.dll; TIMEOUT_MS=10000 ;;
  uploads) PROJECT=MasteringPortal.Uploads.Fuzz; INSTRUMENT=MasteringPortal.Web.dll; TIMEOUT_MS=20000
           # the in-memory portal reads the repository's appsettings.json and wwwroot, wherever the target was built
           export MASTERINGPORTAL_ROOT="$ROOT" ASPNETCORE_TEST_CONTENTROOT_MASTERINGPORTAL_WEB="$ROOT" ;;
  *) echo "fuzz: unknown target $TARGET (readers or uploads)"; exit 2 ;;
esac
export BuildSlot="${BuildSlot:-fuzz-$TARGET}"
WORK="${FUZZ_WORK:-$(mktemp -d /tmp/mp-fuzz.XXXXXX)}"
OUT="$WORK/bin"
PLAIN="$WORK/plain"
SEEDS="$WORK/seeds"
FINDINGS="$WORK/findings"
rm -rf "$OUT" "$PLAIN" "$SEEDS" "$FINDINGS" "$WORK/failing" "$WORK/crashes"
mkdir -p "$WORK"
echo "fuzz: $TARGET, work folder $WORK, budget ${SECONDS_BUDGET}s"

cd "$ROOT"
# FUZZ_FROM_BUILD=1 (test.sh): the solution's build has just compiled the target (Debug, optimised, in the solution), so
# its output is copied instead of compiling the portal a second time in Release; alone, the script builds in Release.
BUILT="tests/$PROJECT/bin/Debug/net10.0"
if [ -n "${FUZZ_FROM_BUILD:-}" ] && [ -f "$BUILT/$PROJECT.dll" ]; then
  mkdir -p "$PLAIN" && cp -r "$BUILT/." "$PLAIN/"
else
  dotnet build "tests/$PROJECT" -c Release -o "$PLAIN" -nologo -v q >/dev/null
fi
dotnet "$PLAIN/$PROJECT.dll" --make-seeds "$SEEDS"

in_ci() { [[ "${CI:-}" == [Tt][Rr][Uu][Ee] ]]; }
failed() { echo "fuzz: FAILED: $1"; exit 1; }

if ! command -v afl-fuzz >/dev/null; then
  # Another mode would not be the fuzzing this step promises, so nothing else runs in its place.
  in_ci && failed "afl-fuzz not found under CI=true (apt-get install -y afl++)"
  echo "fuzz: skipped: afl-fuzz not found (apt-get install -y afl++)"
  exit 77
fi

cp -r "$PLAIN" "$OUT"
dotnet tool restore >/dev/null
dotnet sharpfuzz "$OUT/$INSTRUMENT" >/dev/null || failed "SharpFuzz could not instrument $INSTRUMENT"

export AFL_SKIP_BIN_CHECK=1                 # the target is `dotnet`, instrumented by SharpFuzz, not afl-cc
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
export AFL_NO_AFFINITY=1                    # shared CI machine: do not pin a core
export AFL_FORKSRV_INIT_TMOUT=60000         # .NET start-up is slow on a busy machine
export AFL_NO_CRASH_README=1
export AFL_QUIET=1

set +e
timeout -k 10 $((SECONDS_BUDGET + 120)) afl-fuzz -i "$SEEDS" -o "$FINDINGS" -V "$SECONDS_BUDGET" -t "$TIMEOUT_MS" -m none \
  -- dotnet "$OUT/$PROJECT.dll" > "$WORK/afl.log" 2>&1
AFL_RC=$?
set -e

STATS="$FINDINGS/default/fuzzer_stats"
if [[ ! -f "$STATS" ]]; then
  tail -20 "$WORK/afl.log" || true
  failed "afl-fuzz did not start (exit $AFL_RC)"
fi

stat() { awk -F': ' -v k="$1" '$1 ~ "^"k" *$" {gsub(/ /,"",$2); print $2}' "$STATS"; }
RUN_TIME=$(stat run_time); EXECS=$(stat execs_done); EDGES=$(stat edges_found)
echo "fuzz: afl-fuzz ran ${RUN_TIME:-?}s, ${EXECS:-?} executions, $(stat corpus_count) corpus entries, ${EDGES:-?} edges," \
     "$(stat saved_crashes) crash(es), $(stat saved_hangs) hang(s)"
shopt -s nullglob
CRASHES=("$FINDINGS"/default/crashes/id* "$FINDINGS"/default/hangs/id*)
if (( ${#CRASHES[@]} > 0 )); then
  mkdir -p "$WORK/failing"
  cp "${CRASHES[@]}" "$WORK/failing/"
  echo "fuzz: FAILED: ${#CRASHES[@]} crashing or hanging input(s) in $WORK/failing; replaying:"
  dotnet "$PLAIN/$PROJECT.dll" --replay "$WORK/failing" || true
  exit 1
fi
# Counted as fuzzing only if AFL++ itself ran the target for (nearly) the whole budget and saw it execute and
# report coverage: an early stop, a target that never ran, or one without instrumentation is not a pass.
[[ "${EXECS:-0}" =~ ^[0-9]+$ && "$EXECS" -gt 0 ]] || { tail -20 "$WORK/afl.log" || true; failed "afl-fuzz counted no executions"; }
[[ "${EDGES:-0}" =~ ^[0-9]+$ && "$EDGES" -gt 0 ]] || failed "afl-fuzz saw no coverage: the target is not instrumented"
[[ "${RUN_TIME:-0}" =~ ^[0-9]+$ && "$RUN_TIME" -ge $((SECONDS_BUDGET * 9 / 10)) ]] \
  || { tail -20 "$WORK/afl.log" || true; failed "afl-fuzz stopped after ${RUN_TIME:-0}s of a ${SECONDS_BUDGET}s budget (exit $AFL_RC)"; }
# The queue AFL built is replayed on the uninstrumented build too: a cheap second check.
dotnet "$PLAIN/$PROJECT.dll" --replay "$FINDINGS/default/queue"
echo "fuzz: passed"
