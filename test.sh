#!/usr/bin/env bash
# Runs every test of MasteringPortal: unit, integration (SQLite and a throw-away PostgreSQL) and browser.
# Installs what the tests need, starts its own services on loopback ports, stops them by PID, and ends
# with one line: "N passed, N failed, N skipped". Exit status is non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No profile-guided re-JIT in the test processes and everything they start (portals, the CLI, the scaled topology):
# most of them live seconds to minutes, too short to gain from it, and it cost about 13 % of the Web project's CPU
# (docs/TESTING.md). What the tests check does not depend on it.
export DOTNET_TieredPGO=0
# Fewer threads fighting over the two cores while both lanes run (the machine is 100 % busy throughout, a quarter of
# it in the kernel): thread-pool workers go to sleep at once instead of spinning for work first, and the portal
# processes some tests start (the scaled topology, the command tests) use the workstation garbage collector, one GC
# thread each instead of one per core. Neither changes what any test checks.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_gcServer=0

log() { printf '== %s\n' "$*"; }

# --- 1. System packages -------------------------------------------------------------------------------
missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The change feed across processes is tested against a real redis-server that the tests start on loopback ports.
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The scaled topology (scripts/run-scaled.sh) puts nginx in front of two web processes.
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
# The album's CUE sheet is read back by Debian's own tools (docs/ALBUM-RELEASE-FORMATS.md).
command -v cuebreakpoints >/dev/null 2>&1 || missing+=(cuetools)
command -v cdrdao >/dev/null 2>&1 || missing+=(cdrdao)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null \
      || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "The tests need: ${missing[*]}. Please run: sudo apt-get install -y ${missing[*]}"
    echo "0 passed, 1 failed"; exit 1
  fi
fi
# AFL++ is installed when it can be; without it the fuzz step fails under CI=true and is skipped elsewhere.
if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    log "installing afl++"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++; } >/dev/null 2>&1 \
      || echo "apt-get install afl++ failed: the fuzz step cannot run"
  else
    echo "afl++ is not installed (sudo apt-get install -y afl++): the fuzz step cannot run"
  fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "The .NET 10 SDK is needed (https://dot.net)."; echo "0 passed, 1 failed"; exit 1; }

WORK=$(mktemp -d /tmp/mp-test.XXXXXX)
chmod 755 "$WORK"
PG_PID=""; WATCHDOG=""; SMTP4DEV_PID=""
cleanup() {
  if [ -n "$SMTP4DEV_PID" ]; then kill "$SMTP4DEV_PID" 2>/dev/null; fi
  if [ -n "$WATCHDOG" ]; then pkill -P "$WATCHDOG" 2>/dev/null; kill "$WATCHDOG" 2>/dev/null; fi
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -INT "$PG_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PG_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Real music for the audio tests (scripts/real-music.sh: game soundtracks from Debian's packages, fetched into a cache on
# first use), made while the build runs; without it those tests skip, except under CI=true where they fail.
scripts/real-music.sh "$WORK/real-music" >"$WORK/real-music.log" 2>&1 &
REAL_MUSIC_PID=$!

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }

# --- 2. A throw-away PostgreSQL 15 on a loopback port ----------------------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
  PGPORT=$(free_port)
  PGDATA="$WORK/pg"; PGSOCK="$WORK/pgsock"
  mkdir -p "$PGDATA" "$PGSOCK"
  as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$PGDATA" "$PGSOCK"; runuser -u postgres -- "$@"; else "$@"; fi; }
  if as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres --no-sync >"$WORK/initdb.log" 2>&1 &&
     as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -l "$PGSOCK/pg.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGSOCK -c fsync=off -c max_connections=200" start >/dev/null; then
    PG_PID=$(head -1 "$PGDATA/postmaster.pid")
    export MP_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true"
    log "PostgreSQL on 127.0.0.1:$PGPORT (pid $PG_PID)"
  else
    echo "PostgreSQL could not be started:"; cat "$WORK/initdb.log" "$PGSOCK/pg.log" 2>/dev/null | tail -20
    echo "0 passed, 1 failed"; exit 1
  fi
else
  echo "PostgreSQL 15 server binaries not found (apt-get install postgresql-15)."; echo "0 passed, 1 failed"; exit 1
fi

# --- 2b. A real SMTP server (smtp4dev, a .NET tool) for the email tests -------------------------------------
# They read what arrived through its web API; without it they skip, except under CI=true where they fail.
if SMTP_ENV=$(scripts/smtp4dev.sh "$WORK/smtp4dev"); then
  eval "$SMTP_ENV"
  export MP_TEST_SMTP_PORT MP_TEST_SMTP_API
  log "smtp4dev: SMTP on 127.0.0.1:$MP_TEST_SMTP_PORT, API $MP_TEST_SMTP_API (pid $SMTP4DEV_PID)"
else
  echo "smtp4dev could not be started: the email tests will skip (and fail under CI=true)."
fi

# --- 3. Build once ----------------------------------------------------------------------------------------
log "building"
dotnet tool restore >/dev/null
[ -f package.json ] && { npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --no-audit --no-fund --loglevel=error >/dev/null; }
# Debug (DEBUG defined, Debug.Assert live, the bin/Debug paths the tests expect) but compiled with optimisation: the
# JIT otherwise runs the audio engine and the tests' own reference meters and signal generators unoptimised, several
# times slower than the code that ships, and those dominate the run (docs/TESTING.md). What the tests check is unchanged.
if ! dotnet build MasteringPortal.sln -c Debug -p:Optimize=true -nologo -nodeReuse:false -clp:ErrorsOnly -v:q; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

# --- 4. Tests ---------------------------------------------------------------------------------------------
if wait "$REAL_MUSIC_PID"; then
  export MP_REAL_MUSIC="$WORK/real-music"
  log "real music: $(ls "$MP_REAL_MUSIC"/*.wav | wc -l) files ($(sed -n 2,3p "$MP_REAL_MUSIC/SOURCES.txt" | cut -d' ' -f1,2 | paste -sd, -))"
else
  echo "The real-music set could not be made: its tests will skip (and fail under CI=true)."; cat "$WORK/real-music.log"
fi
RESULTS="$WORK/results"; mkdir -p "$RESULTS"
export MP_TEST_OUTPUT="$ROOT/test-output"; mkdir -p "$MP_TEST_OUTPUT"
log "running tests"
# Watchdog: a test process still running after MP_HANG_REPORT_SECONDS (a whole run takes a few minutes) gets a
# hang report (scripts/hang-report.sh), printed after the tests, so a hang in CI says where it stood.
HANG_AFTER=${MP_HANG_REPORT_SECONDS:-1080}
( while sleep 20; do
    for p in $(pgrep -f 'MasteringPortal\.[A-Za-z]*\.Tests\.runtimeconfig'); do
      [ -e "$WORK/hang-$p.txt" ] && continue
      age=$(ps -o etimes= -p "$p" 2>/dev/null | tr -d ' ')
      if [ -n "$age" ] && [ "$age" -gt "$HANG_AFTER" ]; then scripts/hang-report.sh "$p" >"$WORK/hang-$p.txt" 2>&1; fi
    done
  done ) &
WATCHDOG=$!
# Two lanes, one per core, each running its projects one after the other: Audio, Web and Core; the Browser project. Left to
# itself `dotnet test` on the solution runs two projects at a time in name order, which put Audio, Core and Web (three
# CPU-heavy projects) one after another in one lane and the Browser project alone in the other (docs/TESTING.md).
# Each lane's summary is kept in its own file and printed whole after both end, so the two never interleave.
lane() { # name, projects...
  local name=$1; shift
  for project in "$@"; do
    dotnet test "tests/$project" --no-build -c Debug --logger "trx;LogFileName=$project.trx" --results-directory "$RESULTS" \
      -- RunConfiguration.TestSessionTimeout=2400000 2>&1 | grep -vE '^\s*$' |
      # The summary lines, and for a failed test its message and the top of its stack (CI shows nothing else).
      awk '/^ *Error Message:/ {n = 8} /^ *Stack Trace:/ {n = 10} n > 0 {print; n--; next}
           /Failed |error|Passed!|Failed!|Skipped |Total tests|\[FAIL\]/ {print}' | head -300
  done >"$WORK/lane-$name.log"
}
# --- 5. Fuzzing the file readers for a bounded time (at the end of each lane) ------------------------------
# Passed only when AFL++ really fuzzed (scripts/fuzz.sh exits 0); 77 means afl-fuzz is absent outside CI.
# Two targets: the WAV/AIFF readers, and the upload protocol (the portal in memory, each input a request sequence).
# Each lane fuzzes one target as soon as its tests are done, on the core its tests leave free (afl-fuzz is
# single-threaded and each target builds into its own BuildSlot and work folder): each gets its whole budget of
# fuzzing, and the lane that finishes first no longer waits idle for the other. Output and exit code are kept and
# printed after both lanes end, so nothing interleaves.
fuzz() { # target
  local target=$1 budget=${MP_FUZZ_SECONDS:-60}
  [ -x scripts/fuzz.sh ] || return 0
  [ "$target" = uploads ] && budget=${MP_FUZZ_UPLOAD_SECONDS:-$budget}
  echo "$budget" >"$WORK/fuzz-$target.budget"
  FUZZ_FROM_BUILD=1 scripts/fuzz.sh "$budget" "$target" >"$WORK/fuzz-$target.log" 2>&1
  echo $? >"$WORK/fuzz-$target.rc"
}
# Whichever lane is free takes the next target not yet taken (mkdir is the atomic claim): the lane that ends its tests
# first fuzzes one target and then the other too if the slower lane is still testing (CI: lane A ended 3.5 min first).
fuzz_free_targets() {
  local target
  for target in readers uploads; do
    mkdir "$WORK/claim-$target" 2>/dev/null && fuzz "$target"
  done
}
{ lane a MasteringPortal.Audio.Tests MasteringPortal.Web.Tests MasteringPortal.Core.Tests; fuzz_free_targets; } &
LANE_A=$!
{ lane b MasteringPortal.Browser.Tests; fuzz_free_targets; } &
LANE_B=$!
wait "$LANE_A" "$LANE_B"
cat "$WORK/lane-a.log" "$WORK/lane-b.log"
pkill -P "$WATCHDOG" 2>/dev/null; kill "$WATCHDOG" 2>/dev/null; wait "$WATCHDOG" 2>/dev/null
for report in "$WORK"/hang-*.txt; do [ -e "$report" ] && cat "$report"; done

FUZZ_PASSED=0; FUZZ_FAILED=0; FUZZ_SKIPPED=0
for target in readers uploads; do
  [ -e "$WORK/fuzz-$target.rc" ] || continue
  log "fuzzing: $target ($(cat "$WORK/fuzz-$target.budget") s)"
  cat "$WORK/fuzz-$target.log"
  case $(cat "$WORK/fuzz-$target.rc") in
    0) FUZZ_PASSED=$((FUZZ_PASSED + 1)) ;;
    77) FUZZ_SKIPPED=$((FUZZ_SKIPPED + 1)) ;;
    *) FUZZ_FAILED=$((FUZZ_FAILED + 1)) ;;
  esac
done

# --- 6. The closing line, counted from the TRX files ------------------------------------------------------
count() { # attribute name → sum over all TRX files
  cat "$RESULTS"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'
}
TRX_COUNT=$(ls "$RESULTS"/*.trx 2>/dev/null | wc -l)
PROJECTS=$(grep -l "<IsTestProject>true</IsTestProject>" tests/*/*.csproj | wc -l)
passed=$(( $(count passed) + FUZZ_PASSED ))
failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) + FUZZ_FAILED ))
# xunit's skipped tests are counted in "total" but not in "executed" (TRX leaves "notExecuted" at 0 for them).
skipped=$(( $(count total) - $(count executed) + FUZZ_SKIPPED ))
# A test project that crashed before writing its results counts as a failure.
if [ "$TRX_COUNT" -lt "$PROJECTS" ]; then
  echo "only $TRX_COUNT of $PROJECTS test projects reported results"
  failed=$(( failed + PROJECTS - TRX_COUNT ))
fi
# The failed tests by name, last before the closing line: CI shows the end of the output.
# Each with the first lines of its message, and the TRX files are kept in test-output/results (with every test's time).
mkdir -p "$MP_TEST_OUTPUT/results" && cp "$RESULTS"/*.trx "$MP_TEST_OUTPUT/results/" 2>/dev/null
if [ "$failed" -gt 0 ]; then
  if command -v python3 >/dev/null 2>&1; then
    python3 scripts/trx-failures.py "$RESULTS"/*.trx | head -60
  else
    grep -ho '<UnitTestResult [^>]*outcome="Failed"' "$RESULTS"/*.trx 2>/dev/null | grep -o 'testName="[^"]*"' |
      sed 's/^testName="/failed: /; s/"$//' | head -20
  fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
