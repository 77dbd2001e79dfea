# Assembles the JSON lines written by bench/lib/bench.sh into one results document (jq -s, --arg bench NAME).
# Quartiles: linear interpolation between the order statistics (position (n-1)p), so the median of an even count is
# the mean of the middle two.

def r3: if . == null then null else (. * 1000 | round) / 1000 end;
def quantile($p): sort as $s | ($s | length) as $n
  | if $n == 0 then null
    else (($n - 1) * $p) as $h | ($h | floor) as $i
      | if $i + 1 < $n then $s[$i] + ($h - $i) * ($s[$i + 1] - $s[$i]) else $s[$i] end
    end;
def stats: {median: (quantile(0.5) | r3), q1: (quantile(0.25) | r3), q3: (quantile(0.75) | r3),
  min: (min | r3), max: (max | r3), n: length};

. as $all
| [$all[] | select(.type == "meta")] as $meta
| [$all[] | select(.type == "run")] as $runs
| [$all[] | select(.type == "window")] as $windows
| def runs_of($c; $id): [$runs[] | select(.case == $c and .id == $id)] | sort_by(.round);
  def facts_of($c): [$all[] | select(.type == "fact" and .case == $c) | {key, value}] | from_entries;
{
  bench: $bench,
  schema: 1,
  provenance: (($meta | map({key, value}) | from_entries) + {
    load_during_rounds: (if ($windows | length) == 0 then null else {
      mean: ((($windows | map(.load_mean * .samples) | add) / (($windows | map(.samples) | add) | if . == 0 then 1 else . end)) * 100 | round / 100),
      max: ($windows | map(.load_max) | max),
      runnable_max: ($windows | map(.runnable_max) | max),
      other_cpu_s: null } end)
  }),
  inputs: [$all[] | select(.type == "input") | del(.type)],
  facts: facts_of(""),
  cases: [$all[] | select(.type == "case") | . as $case | {
    id, title, input,
    contenders: [$all[] | select(.type == "contender" and .case == $case.id) | . as $k | runs_of($case.id; $k.id) as $r | {
      id, label: .label, threads, command, self_timed,
      rounds: ($r | length),
      cpu: (($r | map(.cpu) | stats) + {runs: ($r | map(.cpu))}),
      wall: (($r | map(.wall) | stats) + {runs: ($r | map(.wall))}),
      cpu_per_wall: ($r | map(if .wall > 0 then .cpu / .wall else 0 end) | quantile(0.5) | r3),
      max_rss_mib: ($r | map(.rss_kb / 1024) | quantile(0.5) | r3),
      process_sys_median: ($r | map(.proc_sys // empty) | quantile(0.5) | r3),
      process_cpu: (if $k.self_timed then ($r | map(.proc_cpu) | stats) else null end),
      process_wall: (if $k.self_timed then ($r | map(.proc_wall) | stats) else null end)
    }],
    ratios: [$all[] | select(.type == "ratio" and .case == $case.id) | . as $q
      | runs_of($case.id; $q.peer) as $p | runs_of($case.id; $q.ours) as $o
      | [range(0; [($p | length), ($o | length)] | min)] as $idx
      | {label: .label, peer, ours,
         cpu: {of_medians: ((($p | map(.cpu) | quantile(0.5)) / ($o | map(.cpu) | quantile(0.5))) | r3),
               paired: ([$idx[] | $p[.].cpu / $o[.].cpu] | stats)},
         wall: {of_medians: ((($p | map(.wall) | quantile(0.5)) / ($o | map(.wall) | quantile(0.5))) | r3),
                paired: ([$idx[] | $p[.].wall / $o[.].wall] | stats)}}],
    window: ([$windows[] | select(.case == $case.id)] | first // null
      | if . == null then null else del(.type, .case) + {
          other_cpu_s: ((.busy_cpu_s - ([$runs[] | select(.case == $case.id) | .proc_cpu] | add // 0)) | r3),
          other_cores: (((.busy_cpu_s - ([$runs[] | select(.case == $case.id) | .proc_cpu] | add // 0)) / .elapsed_s) | r3)
        } end),
    facts: facts_of($case.id)
  }]
}
| .provenance.load_during_rounds.other_cpu_s = ([.cases[].window | select(. != null) | .other_cpu_s] | add)
