# Shared helpers of the engine benchmarks (bench/render/run.sh, bench/analyze/run.sh): source this file.
#
# Method (issue 18 §5):
# - Paired rounds. A case registers its contenders (bench_contender); bench_rounds runs every contender once per
#   round, in the registered order on even rounds and in the reverse order on odd rounds, so that no contender
#   always goes first and every pair swaps places from one round to the next. A warm-up run of each contender comes
#   first and is not counted.
# - Each run is timed by bash's `time` around /usr/bin/time: wall, user and sys to the millisecond (the rusage of the
#   waited-for process tree, the same source as /usr/bin/time's %e %U %S, which prints only two decimals), CPU = user
#   + sys; /usr/bin/time adds the maximum resident set size. A contender that times itself (libebur128: only the
#   library calls) is given a parser that reads its own figures from its output; its whole process is timed as well.
# - Statistics (bench/lib/summary.jq): median, min-max and interquartile range (quartiles by linear interpolation
#   between order statistics) of wall and CPU per contender; ratios peer / ours both as the ratio of the medians and
#   as the median (and spread) of the per-round ratios of the paired runs.
# - Provenance: commit and whether the tree is dirty, UTC start and end, nproc, CPU model, kernel, tool versions,
#   the load average at the start and just before each case's rounds, the load average and the runnable tasks
#   sampled once a second during each case's rounds (a background sampler, killed by its PID), and the machine's
#   CPU time during the rounds from /proc/stat (busy and steal), less the CPU time of the timed processes: what
#   something else on the machine used meanwhile; and before and after each case's rounds, the speed of each core (a
#   fixed loop pinned to it: on a busy host the virtual cores need not be equally fast).
# Every measurement goes as one JSON line into $BENCH_WORK/records.jsonl; bench_write_json assembles the lines into
# the results file (bench/results/NAME.json), from which bench/tables.py writes the tables of docs/BENCHMARKS.md.
#
# Needs: bash 5 (EPOCHREALTIME), /usr/bin/time, taskset, jq, python3, git.

bench_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# bench_begin NAME ROOT WORKDIR COMMAND ROUNDS: starts the records of one benchmark script.
bench_begin() {
  BENCH_NAME=$1 BENCH_ROOT=$2 BENCH_WORK=$3/$1-work BENCH_COMMAND=$4 BENCH_ROUNDS=$5
  mkdir -p "$BENCH_WORK"
  BENCH_RECORDS=$BENCH_WORK/records.jsonl
  : >"$BENCH_RECORDS"
  declare -gA BENCH_CONTENDERS=() BENCH_CMD=() BENCH_SELF=()
  local commit dirty src_dirty
  commit=$(git -C "$BENCH_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
  # Dirty: anything changed or untracked in the checkout (the benchmark's own outputs are ignored by .gitignore).
  dirty=$(git -C "$BENCH_ROOT" status --porcelain 2>/dev/null | wc -l)
  src_dirty=$(git -C "$BENCH_ROOT" status --porcelain -- src 2>/dev/null | wc -l)
  read -r load _ </proc/loadavg
  bench_meta started_utc "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
  bench_meta commit "\"$commit\""
  bench_meta dirty_paths "$dirty"
  bench_meta src_dirty_paths "$src_dirty"
  bench_meta command "$(jq -n --arg v "$BENCH_COMMAND" '$v')"
  bench_meta rounds "$BENCH_ROUNDS"
  bench_meta nproc "$(nproc)"
  bench_meta cpu_model "$(jq -n --arg v "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" '$v')"
  bench_meta kernel "$(jq -n --arg v "$(uname -r)" '$v')"
  bench_meta memory_gib "$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
  bench_meta load_at_start "$(bench_loadavg_json)"
  bench_meta build_slot "$(jq -n --arg v "${BuildSlot:-}" '$v')"
  bench_meta tools "$(jq -n \
    --arg dotnet "$(dotnet --version 2>/dev/null || echo missing)" \
    --arg ffmpeg "$(ffmpeg -hide_banner -version 2>/dev/null | head -1 || echo missing)" \
    --arg libebur128 "$(dpkg-query -W -f='${Version}' libebur128-1 2>/dev/null || echo missing)" \
    --arg libsoxr "$(dpkg-query -W -f='${Version}' libsoxr0 2>/dev/null || echo missing)" \
    --arg gcc "$(gcc -dumpfullversion 2>/dev/null || echo missing)" \
    --arg jq "$(jq --version)" \
    '{dotnet: $dotnet, ffmpeg: $ffmpeg, libebur128: $libebur128, libsoxr: $libsoxr, gcc: $gcc, jq: $jq}')"
  echo "== $BENCH_NAME: commit ${commit:0:10}$([[ $dirty -gt 0 ]] && echo " (+$dirty changed paths)"), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $BENCH_ROUNDS rounds"
}

# One JSON line of provenance: bench_meta KEY JSON.
bench_meta() { printf '{"type":"meta","key":"%s","value":%s}\n' "$1" "$2" >>"$BENCH_RECORDS"; }

# A fact of a case ("" for the whole run), e.g. what an output measures: bench_fact CASE KEY JSON.
bench_fact() { jq -cn --arg c "$1" --arg k "$2" --argjson v "$3" '{type: "fact", case: $c, key: $k, value: $v}' >>"$BENCH_RECORDS"; }

bench_loadavg_json() { local a b c _; read -r a b c _ </proc/loadavg; printf '{"1m":%s,"5m":%s,"15m":%s}' "$a" "$b" "$c"; }

# bench_input ID FILE DESCRIPTION ANALYSIS: an input file, its format (ffprobe) and what it measures (ANALYSIS: a file
# holding the JSON of `mastering analyze --json` on it).
bench_input() {
  local id=$1 file=$2 desc=$3 analysis=$4 probe
  probe=$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate,channels,bits_per_raw_sample,codec_name,duration -of json "$file")
  jq -c --arg id "$id" --arg file "${file#"$BENCH_ROOT"/}" --arg desc "$desc" --argjson p "$probe" '. as $a | {
    type: "input", id: $id, file: $file, description: $desc,
    codec: $p.streams[0].codec_name, rate_hz: ($p.streams[0].sample_rate | tonumber), channels: $p.streams[0].channels,
    bits: ($p.streams[0].bits_per_raw_sample | tonumber), seconds: ($p.streams[0].duration | tonumber),
    integrated_lufs: $a.integratedLufs, lra_lu: $a.loudnessRangeLu, true_peak_dbtp: $a.truePeakDbtp,
    plr_db: $a.peakToLoudnessRatioDb, max_short_term_lufs: $a.maxShortTermLufs}' "$analysis" >>"$BENCH_RECORDS"
}

# bench_case ID TITLE INPUT_ID: a case (one comparison on one input).
bench_case() { jq -cn --arg id "$1" --arg t "$2" --arg in "$3" '{type: "case", id: $id, title: $t, input: $in}' >>"$BENCH_RECORDS"; }

# bench_contender CASE ID LABEL THREADS [--self PARSER] -- COMMAND...: one contender of a case. THREADS is what the
# tables print ("2", "1 (taskset -c 0)", "1"). With --self, PARSER reads the command's stdout and prints "wall cpu" in
# seconds: the contender's own figures (the process is still timed whole, as proc_wall and proc_cpu).
bench_contender() {
  local case=$1 id=$2 label=$3 threads=$4 parser=""
  shift 4
  if [[ $1 == --self ]]; then parser=$2; shift 2; fi
  [[ $1 == -- ]] && shift
  BENCH_CONTENDERS[$case]+="$id "
  BENCH_CMD[$case/$id]=$(printf '%q ' "$@")
  BENCH_SELF[$case/$id]=$parser
  local shown="$*"
  shown=${shown//"$BENCH_ROOT"\//}
  jq -cn --arg c "$case" --arg id "$id" --arg l "$label" --arg t "$threads" --arg cmd "$shown" --arg self "$parser" \
    '{type: "contender", case: $c, id: $id, label: $l, threads: $t, command: $cmd, self_timed: ($self != "")}' >>"$BENCH_RECORDS"
}

# bench_ratio CASE PEER OURS LABEL: a ratio to report, PEER's time / OURS's time (above 1: ours is faster). LABEL
# names the thread counts, e.g. "ours 2 threads vs ffmpeg 1 thread".
bench_ratio() { jq -cn --arg c "$1" --arg p "$2" --arg o "$3" --arg l "$4" '{type: "ratio", case: $c, peer: $p, ours: $o, label: $l}' >>"$BENCH_RECORDS"; }

# bench_time COMMAND...: runs it once and sets BT_WALL, BT_USER, BT_SYS, BT_CPU (seconds) and BT_RSS_KB. Its stdout goes to
# $BENCH_STDOUT (default /dev/null), its stderr to $BENCH_WORK/stderr.txt; a failure stops the script with that stderr.
bench_time() {
  local TIMEFORMAT='%3R %3U %3S'
  if ! { time /usr/bin/time -f '%M' -o "$BENCH_WORK/rss.txt" "$@" >"${BENCH_STDOUT:-/dev/null}" 2>"$BENCH_WORK/stderr.txt"; } 2>"$BENCH_WORK/time.txt"; then
    echo "failed: $*" >&2
    cat "$BENCH_WORK/stderr.txt" >&2
    exit 1
  fi
  read -r BT_WALL BT_USER BT_SYS <"$BENCH_WORK/time.txt"
  BT_CPU=$(awk -v u="$BT_USER" -v s="$BT_SYS" 'BEGIN { printf "%.3f", u + s }')
  BT_RSS_KB=$(tail -1 "$BENCH_WORK/rss.txt")
}

# bench_run_contender CASE ID: one run of a contender; sets BT_* (the whole process) and RUN_WALL, RUN_CPU (the
# contender's own figures for a self-timed one, else the same as BT_*).
bench_run_contender() {
  local key=$1/$2 parser=${BENCH_SELF[$1/$2]}
  if [[ -n $parser ]]; then
    BENCH_STDOUT=$BENCH_WORK/self.txt
    eval "bench_time ${BENCH_CMD[$key]}"
    BENCH_STDOUT=
    read -r RUN_WALL RUN_CPU < <($parser <"$BENCH_WORK/self.txt")
    [[ -n $RUN_CPU ]] || { echo "$2: no figures in its output: $(head -c 300 "$BENCH_WORK/self.txt")" >&2; exit 1; }
  else
    eval "bench_time ${BENCH_CMD[$key]}"
    RUN_WALL=$BT_WALL RUN_CPU=$BT_CPU
  fi
}

# bench_run_one CASE ID ROUND POSITION: one timed run, appended to the records.
bench_run_one() {
  bench_run_contender "$1" "$2"
  printf '{"type":"run","case":"%s","id":"%s","round":%d,"pos":%d,"wall":%s,"cpu":%s,"rss_kb":%s,"proc_wall":%s,"proc_cpu":%s,"proc_sys":%s}\n' \
    "$1" "$2" "$3" "$4" "$RUN_WALL" "$RUN_CPU" "$BT_RSS_KB" "$BT_WALL" "$BT_CPU" "$BT_SYS" >>"$BENCH_RECORDS"
}

# bench_warmup CASE: one untimed run of each contender (file cache; the outputs the checks compare).
bench_warmup() {
  local id
  for id in ${BENCH_CONTENDERS[$1]}; do bench_run_contender "$1" "$id"; done
}

# /proc/stat's first line as "busy steal" in clock ticks (busy: user, nice, system, irq, softirq; guest time is
# already inside user).
bench_cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9; exit }' /proc/stat; }

# bench_calibrate CASE KEY: the speed of each core at this moment: a fixed arithmetic loop (awk) pinned to each core in
# turn, three times, the median CPU time per core recorded as a fact of the case ([core 0, core 1, ...] in seconds).
# On a virtual machine whose host is busy the cores need not be equally fast, and a process's CPU time then depends
# on where it ran; this puts that on the record.
bench_calibrate() {
  local n core i times=() all=()
  n=$(nproc)
  for ((i = 0; i < 3; i++)); do
    for ((core = 0; core < n; core++)); do
      bench_time taskset -c "$core" awk 'BEGIN { for (i = 0; i < 4000000; i++) s += i * 0.5 }'
      all+=("$core $BT_CPU")
    done
  done
  for ((core = 0; core < n; core++)); do
    times+=("$(printf '%s\n' "${all[@]}" | awk -v c="$core" '$1 == c { print $2 }' | sort -g | sed -n 2p)")
  done
  bench_fact "$1" "$2" "[$(IFS=,; echo "${times[*]}")]"
}

# bench_rounds CASE N: N paired rounds of the case's contenders, with the load sampled once a second meanwhile.
bench_rounds() {
  local case=$1 n=$2 ids order r i pos id t0 t1 b0 s0 b1 s1 sampler samples=$BENCH_WORK/load-$1.txt
  read -r -a ids <<<"${BENCH_CONTENDERS[$case]}"
  bench_calibrate "$case" core_speed_before
  bench_fact "$case" load_before_rounds "$(bench_loadavg_json)"
  read -r b0 s0 < <(bench_cpu_ticks)
  t0=$EPOCHREALTIME
  # The sampler: the 1-minute load average and the number of runnable tasks (/proc/loadavg's fourth field), once a second.
  (
    while :; do
      read -r a _ _ run _ </proc/loadavg
      printf '%s %s\n' "$a" "${run%/*}"
      sleep 1
    done
  ) >"$samples" &
  sampler=$!
  for ((r = 0; r < n; r++)); do
    order=("${ids[@]}")
    if ((r % 2 == 1)); then
      order=()
      for ((i = ${#ids[@]} - 1; i >= 0; i--)); do order+=("${ids[i]}"); done
    fi
    pos=0
    printf '  round %2d/%d:' $((r + 1)) "$n"
    for id in "${order[@]}"; do
      bench_run_one "$case" "$id" "$r" "$pos"
      printf ' %s %s/%s' "$id" "$RUN_WALL" "$RUN_CPU"
      pos=$((pos + 1))
    done
    echo
  done
  kill "$sampler"
  wait "$sampler" 2>/dev/null || true
  t1=$EPOCHREALTIME
  read -r b1 s1 < <(bench_cpu_ticks)
  bench_calibrate "$case" core_speed_after
  local tick
  tick=$(getconf CLK_TCK)
  awk -v c="$case" -v t0="$t0" -v t1="$t1" -v b0="$b0" -v b1="$b1" -v s0="$s0" -v s1="$s1" -v tick="$tick" '
    { n++; l += $1; if ($1 > lm) lm = $1; q += $2; if ($2 > qm) qm = $2 }
    END {
      printf "{\"type\":\"window\",\"case\":\"%s\",\"elapsed_s\":%.3f,\"samples\":%d,\"load_mean\":%.2f,\"load_max\":%.2f,", c, t1 - t0, n, n ? l / n : 0, lm
      printf "\"runnable_mean\":%.2f,\"runnable_max\":%d,\"busy_cpu_s\":%.2f,\"steal_s\":%.2f}\n", n ? q / n : 0, qm, (b1 - b0) / tick, (s1 - s0) / tick
    }' "$samples" >>"$BENCH_RECORDS"
}

# bench_write_json FILE: assembles the records into FILE (pretty-printed, small enough to commit).
bench_write_json() {
  bench_meta ended_utc "\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\""
  mkdir -p "$(dirname "$1")"
  # Pretty-printed, with each list of numbers (the per-round figures) on one line, so that the file stays readable.
  jq -s --arg bench "$BENCH_NAME" -f "$bench_lib_dir/summary.jq" "$BENCH_RECORDS" \
    | python3 -c 'import json, re, sys; t = json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False)
print(re.sub(r"\[\s*(-?[0-9.eE+-]+(?:,\s*-?[0-9.eE+-]+)*)\s*\]", lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", t))' >"$1.tmp"
  mv "$1.tmp" "$1"
  echo "== wrote ${1#"$BENCH_ROOT"/}"
}

# bench_print FILE: the summary of a results file on the terminal.
bench_print() {
  jq -r '
    def f: if . == null then "-" else (. * 1000 | round / 1000 | tostring) end;
    def x: if . == null then "-" else ((. * 100 | round / 100 | tostring) + "x") end;
    .cases[] | "-- \(.title) [\(.id)]",
      (.contenders[] | "   \(.label) [threads: \(.threads)]: cpu \(.cpu.median|f) s [\(.cpu.min|f)-\(.cpu.max|f), IQR \(.cpu.q1|f)-\(.cpu.q3|f)], wall \(.wall.median|f) s [\(.wall.min|f)-\(.wall.max|f), IQR \(.wall.q1|f)-\(.wall.q3|f)]"),
      (.ratios[] | "   \(.label): cpu \(.cpu.paired.median|x) (IQR \(.cpu.paired.q1|x)-\(.cpu.paired.q3|x)), wall \(.wall.paired.median|x) (IQR \(.wall.paired.q1|x)-\(.wall.paired.q3|x))"),
      (if .window then "   load during the rounds: mean \(.window.load_mean), max \(.window.load_max); other processes used \(.window.other_cpu_s) s of CPU in \(.window.elapsed_s) s; steal \(.window.steal_s) s" else empty end)
  ' "$1"
}
