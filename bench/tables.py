#!/usr/bin/env python3
"""Writes the engine benchmarks' tables into docs/BENCHMARKS.md from bench/results/*.json (issue 18 §5).

bench/render/run.sh and bench/analyze/run.sh record every timed run and their provenance in
bench/results/render.json and bench/results/analyze.json (see bench/lib/bench.sh). This script turns each file into
one section of docs/BENCHMARKS.md, between the marker comments <!-- bench:NAME:begin --> and <!-- bench:NAME:end -->;
a section that is not there yet is added at the top, after the file's introduction. Nothing outside the markers is
touched, and the output depends only on the results files, so running it twice gives the same file.

usage: python3 bench/tables.py [--check]   (--check: exit 1 if the document is not up to date, write nothing)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "BENCHMARKS.md"
RESULTS = ROOT / "bench" / "results"
FULL_ROUNDS = 15

SECTIONS = [
    ("render", "Render against ffmpeg, paired rounds (issue 18 §5)"),
    ("analyze", "Analysis against libebur128, paired rounds (issue 18 §5)"),
    ("match", "Reference matching against Matchering, paired rounds (issue 18 §5)"),
    ("upload", "Uploads through the portal's chunk endpoints, paired rounds (issue 18 §5)"),
]


def secs(x):
    if x is None:
        return "–"
    return f"{x:.2f} s" if x >= 10 else f"{x:.3f} s"


def plain(x):
    if x is None:
        return "–"
    return f"{x:.2f}" if x >= 10 else f"{x:.3f}"


def times(x):
    return "–" if x is None else f"{x:.2f}x"


def spread(s):
    """IQR [min-max] of a stats object, without units."""
    return f"{plain(s['q1'])}–{plain(s['q3'])} [{plain(s['min'])}–{plain(s['max'])}]"


def ratio_spread(s):
    return f"{s['q1']:.2f}–{s['q3']:.2f} [{s['min']:.2f}–{s['max']:.2f}]"


def signed(x, unit):
    return "–" if x is None else f"{x:+.2f} {unit}".replace("+-", "-")


def provenance_lines(data):
    p = data["provenance"]
    t = p.get("tools", {})
    lines = []
    rounds = p.get("rounds")
    if rounds is not None and rounds < FULL_ROUNDS:
        lines.append(f"**(smoke run: {rounds} rounds, not a measurement)**")
        lines.append("")
    dirty = p.get("dirty_paths", 0)
    src = p.get("src_dirty_paths")
    tree = "a clean checkout" if dirty == 0 else f"{dirty} changed or untracked paths in the checkout" + (
        "" if src is None else ", none of them under src/" if src == 0 else f", {src} of them under src/: the engine built is not exactly the commit's")
    started, ended = p.get("started_utc", "?"), p.get("ended_utc", "?")
    day = started[:10]
    span = f"{day}, {started[11:16]}–{ended[11:16]} UTC" if ended[:10] == day else f"{started} – {ended}"
    lines.append(f"Command: `{p.get('command', '?')}` (BuildSlot `{p.get('build_slot') or '-'}`), {rounds} paired rounds. "
                 f"Commit `{p.get('commit', '?')[:10]}` ({tree}), {span}.")
    ffmpeg = t.get("ffmpeg", "?").replace("ffmpeg version ", "").split(" Copyright")[0]
    tools = [f".NET SDK {t.get('dotnet', '?')}"] if data["bench"] == "upload" else \
        [f".NET SDK {t.get('dotnet', '?')}", f"ffmpeg {ffmpeg}", f"libsoxr {t.get('libsoxr', '?')}"]
    if data["bench"] == "analyze":
        tools.append(f"libebur128 {t.get('libebur128', '?')}")
    if data["bench"] == "match":
        m = data.get("facts", {}).get("matchering", {})
        tools.append(f"Matchering {m.get('version', '?')} ({m.get('python', '?')})")
    if data["bench"] != "upload":
        tools.append(f"gcc {t.get('gcc', '?')} (the AOT linker)")
    lines.append(f"Machine: {p.get('nproc', '?')} cores (`nproc`), {p.get('cpu_model', '?')}, {p.get('memory_gib', '?')} GiB, "
                 f"Linux {p.get('kernel', '?')}; {', '.join(tools)}.")
    start = p.get("load_at_start") or {}
    during = p.get("load_during_rounds") or {}
    other = during.get("other_cpu_s")
    elapsed = sum(c["window"]["elapsed_s"] for c in data["cases"] if c.get("window"))
    cores = f", {other / elapsed:.2f} cores on average" if other is not None and elapsed else ""
    lines.append(
        f"Load: load average {start.get('1m', '?')} (1 min) / {start.get('5m', '?')} (5 min) when the script started; "
        f"during the timed rounds {during.get('mean', '?')} on average and {during.get('max', '?')} at most (sampled once a "
        f"second; the benchmark itself accounts for about 1-2). Everything but the timed processes used {plain(other)} s of "
        f"CPU in the {elapsed:.0f} s the rounds ran{cores} (/proc/stat's busy time less the timed processes' CPU time; that "
        f"includes the harness's shell and the kernel writing the outputs back, so it is small but not 0 on an idle machine).")
    return lines


def inputs_table(data):
    lines = ["| input | file | format | length | integrated | LRA | true peak | PLR |", "|---|---|---|---:|---:|---:|---:|---:|"]
    for i in data["inputs"]:
        lines.append(
            f"| {i['id']}: {i['description']} | `{i['file']}` | {i['rate_hz'] / 1000:g} kHz {i['bits']}-bit, {i['channels']} ch "
            f"| {i['seconds']:.0f} s | {i['integrated_lufs']:.1f} LUFS | {i['lra_lu']:.1f} LU | {i['true_peak_dbtp']:.1f} dBTP "
            f"| {i['plr_db']:.1f} dB |")
    return lines


def contender_table(case, memory=False):
    rss = " max RSS, median |" if memory else ""
    lines = [
        f"| contender | threads | CPU, median | CPU IQR [min–max] | wall, median | wall IQR [min–max] |{rss}",
        "|---|---|---:|---:|---:|---:|" + ("---:|" if memory else ""),
    ]
    for k in case["contenders"]:
        label = k["label"]
        if k.get("self_timed") and k.get("process_cpu"):
            label += f" (its whole process: {secs(k['process_cpu']['median'])} CPU)"
        mib = f" {k['max_rss_mib']:.0f} MiB |" if memory else ""
        lines.append(f"| {label} | {k['threads']} | {secs(k['cpu']['median'])} | {spread(k['cpu'])} "
                     f"| {secs(k['wall']['median'])} | {spread(k['wall'])} |{mib}")
    return lines


def ratio_table(case, peers):
    lines = [
        f"| {peers} / ours (above 1: ours is faster) | CPU, median of the paired rounds | CPU IQR [min–max] "
        "| wall, median of the paired rounds | wall IQR [min–max] |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in case["ratios"]:
        lines.append(f"| {r['label']} | **{times(r['cpu']['paired']['median'])}** | {ratio_spread(r['cpu']['paired'])} "
                     f"| {times(r['wall']['paired']['median'])} | {ratio_spread(r['wall']['paired'])} |")
    return lines


def case_notes(data, case):
    notes = []
    w = case.get("window")
    if w:
        before = case.get("facts", {}).get("load_before_rounds", {}).get("1m", "?")
        notes.append(f"Load: {before} just before this case's rounds; during them ({w['elapsed_s']:.0f} s) {w['load_mean']} on average, "
                     f"{w['load_max']} at most; everything but the timed processes used {plain(w['other_cpu_s'])} s of CPU "
                     f"({w['other_cores']:.2f} cores on average); steal {w['steal_s']} s.")
    f = case.get("facts", {})
    cb, ca = f.get("core_speed_before"), f.get("core_speed_after")
    if cb and ca:
        notes.append("Core speed (CPU time of a fixed loop pinned to each core, core 0 / core 1; equal on an idle host): "
                     f"{' / '.join(f'{x:.3f}' for x in cb)} s before the rounds, {' / '.join(f'{x:.3f}' for x in ca)} s after.")
    single = [k for k in case["contenders"] if k["threads"].startswith("1")]
    if single:
        notes.append("CPU / wall of the one-thread contenders (above 1 would mean a second thread): "
                     + ", ".join(f"{k['label']} {k['cpu_per_wall']:.2f}" for k in single) + ".")
    sys_times = [k for k in case["contenders"] if k.get("process_sys_median") is not None]
    if sys_times:
        notes.append("Of the CPU time, system time (median; whole process): "
                     + ", ".join(f"{k['label']} {secs(k['process_sys_median'])}" for k in sys_times) + ".")
    inputs = {i["id"]: i for i in data["inputs"]}
    seconds = inputs.get(case["input"], {}).get("seconds")
    ours1 = next((k for k in case["contenders"] if k["id"] == "ours1"), None)
    if seconds and ours1:
        notes.append(f"Realtime factor of ours on one core: {seconds / ours1['wall']['median']:.0f}x on wall time, "
                     f"{seconds / ours1['cpu']['median']:.0f}x on CPU time.")
    f = case.get("facts", {})
    if "identical_outputs" in f:
        notes.append(f"Checked before timing: {f['identical_outputs']}.")
    if data["bench"] == "render":
        o, t = f.get("output_ours"), f.get("output_ffmpeg")
        if o and t:
            notes.append(
                f"What each output reaches (our meter): ours {o['integrated_lufs']:.2f} LUFS, {o['true_peak_dbtp']:.2f} dBTP "
                f"({o['rate_hz'] / 1000:g} kHz, {o['bits']}-bit); ffmpeg's chain {t['integrated_lufs']:.2f} LUFS, "
                f"{t['true_peak_dbtp']:.2f} dBTP ({t['rate_hz'] / 1000:g} kHz, {t['bits']}-bit), given ours' solved gain "
                f"({signed(f.get('ffmpeg_gain_db'), 'dB')}).")
    elif data["bench"] == "match":
        o, m, r = f.get("output_ours"), f.get("output_matchering"), f.get("reference")
        if o and m and r:
            notes.append(
                f"What each master reaches (our meter): ours {o['integrated_lufs']:.2f} LUFS, {o['true_peak_dbtp']:.2f} dBTP "
                f"({o['rate_hz'] / 1000:g} kHz); Matchering {m['integrated_lufs']:.2f} LUFS, {m['true_peak_dbtp']:.2f} dBTP "
                f"({m['rate_hz'] / 1000:g} kHz); the reference {r['integrated_lufs']:.2f} LUFS, {r['true_peak_dbtp']:.2f} dBTP. "
                "How close each comes to the reference's tonal balance is measured on the real-music pairs of "
                "bench/match/real.sh (docs/REFERENCE-MATCHING.md).")
    else:
        a = f.get("agreement")
        if a:
            notes.append(
                f"Agreement: integrated loudness ours {a['ours_integrated_lufs']:.3f}, libebur128 {a['libebur128_integrated_lufs']:.3f} "
                f"LUFS (difference {a['integrated_difference_lu']:.3f} LU), ffmpeg {a['ffmpeg_integrated_lufs']} LUFS (printed to 0.1); "
                f"true peak ours {a['ours_true_peak_dbtp']:.3f}, libebur128 {a['libebur128_true_peak_dbtp']:.3f} dBTP, ffmpeg "
                f"{a['ffmpeg_true_peak_dbtp']} dBTP; LRA ours {a['ours_lra_lu']:.2f}, libebur128 {a['libebur128_lra_lu']:.2f} LU.")
    return notes


def upload_inputs_table(data):
    lines = ["| input | file | size |", "|---|---|---:|"]
    for i in data["inputs"]:
        lines.append(f"| {i['id']}: {i['description']} | `{i['file']}` | {i['bytes'] / 1e6:,.0f} MB |")
    return lines


def upload_lines(data, case):
    """The per-upload figures the contender table does not carry (bench/upload/upload-once.sh's extras)."""
    u = case.get("facts", {}).get("upload")
    if not u:
        return []
    size = next((i["bytes"] for i in data["inputs"] if i["id"] == case["input"]), None)

    def rng(s, fmt):
        return f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])})"

    lines = [
        "| per upload, median (min–max) over the rounds | |", "|---|---:|",
        f"| chunk phase (begin + every chunk PUT), throughput | **{rng(u['chunk_phase_mb_s'], lambda x: f'{x:.0f} MB/s')}** |",
        f"| chunk phase, wall | {rng(u['chunk_phase_s'], secs)} |",
        f"| complete (the server hashes the whole file again, probes it, stores it, writes the row), wall | {rng(u['complete_s'], secs)} |",
        f"| the client's whole-file SHA-256 before it begins, wall | {rng(u['client_hash_s'], secs)} |",
        f"| the server's peak RSS during the upload (VmHWM, reset before it) | **{rng(u['server_peak_mib'], lambda x: f'{x:.0f} MiB')}** |",
    ]
    portal = next((k for k in case["contenders"] if k["id"] == "portal"), None)
    sha = next((k for k in case["contenders"] if k["id"] == "sha256sum"), None)
    if portal and sha and size:
        lines += ["", f"- The server's CPU per upload is {portal['cpu']['median'] / sha['cpu']['median']:.1f}x one `sha256sum` of the "
                  f"file (the protocol hashes it twice on the server), {size / 1e6 / portal['cpu']['median']:.0f} MB per CPU-second."]
    return lines


def upload_section(name, title, data):
    lines = [f"<!-- bench:{name}:begin -->", f"## {title}", "",
             f"*Generated by `python3 bench/tables.py` from `bench/results/{name}.json`; edit the script, not this section.*", ""]
    lines += provenance_lines(data)
    lines.append("")
    for para in UPLOAD_METHOD:
        lines += [para, ""]
    lines += upload_inputs_table(data)
    lines.append("")
    facts = data.get("facts", {})
    if "server_idle_rss_kb" in facts:
        lines += [f"The server idle after start-up and the demo seed: {facts['server_idle_rss_kb'] / 1024:.0f} MiB RSS, "
                  f"{facts.get('server_gc', '')}; analyses left queued by the uploads (no worker ran them): "
                  f"{facts.get('queued_analyses', '?')}.", ""]
    for case in data["cases"]:
        lines += [f"### {case['id']}: {case['title']}", ""]
        lines += contender_table(case)
        lines.append("")
        lines += upload_lines(data, case)
        for n in case_notes(data, case):
            lines.append(f"- {n}")
        lines.append("")
    lines += [f"<!-- bench:{name}:end -->"]
    return "\n".join(lines) + "\n"


UPLOAD_METHOD = [
    "What is measured: uploads through the portal's real chunk endpoints over loopback, against the Release build of the "
    "app started with its own data folder (SQLite, local disk). bench/upload/UploadBenchClient speaks the protocol of "
    "docs/UPLOADS.md as uploader.js does: sign in, SHA-256 of the whole file, begin, 8 MiB chunks three in flight each "
    "with its own SHA-256, complete (the server hashes the whole part file again, probes it, moves it into the store and "
    "writes the FileAsset). The portal's row is self-timed (bench/upload/upload-once.sh): CPU is the SERVER's user + sys "
    "time over the upload (from /proc/PID/stat, in 10 ms ticks), wall is the upload as the client saw it (hash, chunks, "
    "complete; not the client's start-up or sign-in); \"its whole process\" is the client's own CPU. `sha256sum` and `cp` "
    "of the same file are reference points (the hash the protocol pays twice on the server; writing the bytes once), not "
    "peers. No analysis overlaps a measured upload: the bench's portal runs no job workers (`Jobs__Workers=0`, "
    "`Jobs__AnalysisWorkers=0`, as a web node of the scaled topology does), so the analyses the uploads queue wait in the "
    "database; what an analysis costs is the analysis section's.",
    "Method (bench/lib/bench.sh): a warm-up run of each contender (the JIT, the file cache), then paired rounds: every "
    "contender once per round, in one order on even rounds and the reverse on odd rounds. Each figure is the median of "
    "the rounds, with its interquartile range and [min–max]. The 1 GB and 100 MB cases run one after the other on the "
    "same server; the uploads accumulate in its store (the server's memory after many uploads is what a studio's "
    "portal has too). Before and after each case's rounds a fixed loop is timed pinned to each core in turn, and the "
    "load is sampled once a second (what else ran on the machine meanwhile). The server is not one of the timed "
    "processes (the client is), so \"everything but the timed processes\" below includes the server's own CPU: about "
    "the portal row's CPU times the rounds.",
]


def memory_lines(data):
    mem = data.get("facts", {}).get("memory")
    if not mem:
        return ["Peak memory was not measured in this run (`--no-memory`)."]
    if data["bench"] in ("render", "match"):
        parts = [f"{m['file']} → {m['output']}: {m['max_rss_mib']} MiB (CPU {secs(m['cpu_s'])}, wall {secs(m['wall_s'])})" for m in mem]
    else:
        parts = [f"{m['build']}: {m['max_rss_mib']} MiB (CPU {secs(m['cpu_s'])}, wall {secs(m['wall_s'])})" for m in mem]
        parts[0] = f"{mem[0]['file']}, " + parts[0]
    return ["Peak memory (max RSS, one run each): " + "; ".join(parts) + "."]


RENDER_METHOD = [
    "What is compared: `mastering render MIX -o OUT --settings bench/render/bench-settings.json --format wav16` (EQ, bus "
    "compressor, a loudness gain solved to -11 LUFS under a -1 dBTP true-peak limiter, sample-rate conversion to 44.1 kHz "
    "where the mix is at another rate, TPDF dither to 16 bits; the master is metered as it is written) against ffmpeg's "
    "nearest single-pass chain: three `equalizer` bands, `acompressor`, `volume`, `alimiter` at -1 dBFS, then "
    "`aresample=44100:resampler=soxr:dither_method=triangular` to s16. At 44.1 kHz in, soxr has nothing to convert; the "
    "48 and 96 kHz cases are real conversions on both sides (soxr at swresample's default precision; ours: 0.01 dB to "
    "20 kHz, 120 dB stop band). Not like for like: ffmpeg's chain cannot solve a loudness gain, so it is handed the gain "
    "ours solved on the same input (earlier runs gave it a fixed +4 dB), and its limiter holds sample peaks, not true "
    "peaks, so its output lands at a different loudness and over the ceiling (see each case). Ours is the Native AOT "
    "build for this processor; \"2 threads\" is how it runs (the writer and meter on a second thread); \"one core\" is "
    "the same binary under `taskset -c 0` (.NET then sees one processor and keeps the work on one thread). ffmpeg runs "
    "with `-filter_threads 1`: by default its filter graph starts one slice thread per processor (the equalizers "
    "split the channels between them), and on short audio frames the hand-offs cost more than they gain, about twice "
    "the time of one thread on this 2-core machine (mix44 times ffmpeg's default too; the figures in the sections "
    "below, before issue 18 §5, were against that default, which flattered ours). ffmpeg is timed unpinned and pinned "
    "to the same core as ours, and the one-core ratio compares the two pinned runs.",
    "The floor (since 08366de): `mastering analyze MIX --json` alone, pinned to the same core, timed in the same rounds. "
    "It reads the mix and meters it once (K-weighted loudness, LRA, the 4x 48-tap true peak) and processes nothing. A "
    "render that meets issue 18 §1-2 does at least that much work: its limiter reads the true peak of everything it is "
    "given (at a loud target nearly all of it), and its loudness solve measures what comes out of the limiter. The "
    "floor's ratio to ffmpeg's whole chain is therefore a ceiling on the ratio any such render of ours can reach; §4 "
    "asks for 3x.",
]

ANALYZE_METHOD = [
    "What is compared: the whole `mastering analyze FILE --json --waveform` process (start-up, reading, the complete "
    "intake pass: loudness, LRA, true peak, fold-down loudness, every check, the spectrum on a second thread, waveform "
    "peaks, about 0.9 MB of JSON) against libebur128 (`EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK` "
    "through P/Invoke, bench/MasteringPortal.Bench/AnalyzeReference.cs: only the library calls are timed, in wall time and "
    "in the calling thread's CPU time, so its figure has no start-up, reading or decoding) and against `ffmpeg -af "
    "ebur128=peak=true -f null -` (the whole process). \"2 threads\" is how ours runs; \"one core\" is the same binary "
    "under `taskset -c 0`; libebur128 and ffmpeg's filter run on one thread, and each is timed as it runs and pinned to "
    "the same core as ours: the one-core ratios compare the pinned runs.",
]

MATCH_METHOD = [
    "What is compared: `mastering render MIX --reference REF -o OUT --format wav24` (the mix and the reference analysed, "
    "the match solved and checked by a trial render, the master rendered at the mix's rate through a -1 dBTP true-peak "
    "limiter and metered as it is written) against Matchering itself, `matchering.process(target=MIX, reference=REF, "
    "results=[pcm24(OUT)])` (its source as fetched, Debian's NumPy and SciPy; its default: its own limiter, a 24-bit "
    "44.1 kHz result), the whole Python process timed. Ours is the Native AOT build for this processor, as it runs "
    "(\"2 threads\") and under `taskset -c 0`; Matchering is pinned to the same core (its work is NumPy on one thread; "
    "pinned, no BLAS thread can start). The max RSS column is each contender's peak memory, median of the rounds.",
    "Inputs: real music fetched from Debian's packages when the bench first runs (scripts/real-music.sh --bench; nothing "
    "is committed): the mix is Nexuiz's \"calling bogus\", a dynamic track (3 dB down, as every bench input from a released "
    "track), and the reference \"sixtyfour (revisited)\", a dense master, both decoded from Ogg Vorbis at 44.1 kHz.",
]

COMMON_METHOD = [
    "Inputs: the synthetic ones are made by the scripts, the real music is fetched from Debian's packages when the "
    "bench first runs (scripts/real-music.sh --bench; nothing is committed). The synthetic mix "
    "(bench/analyze/make-test-mix.sh: kick, bass, chord, noise hats, a 60 s swell) spends most of its time well under "
    "its peak, which lets a true-peak meter that skips chunks unable to raise the peak found so far skip most of it. "
    "The dense master (bench/analyze/make-dense-master.sh) is that mix through ffmpeg's own compressors and a "
    "brick-wall limiter (not our engine, so ours is not timed on its own output): it sits near its peak all the time, "
    "as loud commercial masters do, and the skip helps far less. real44 is a real dense master: Nexuiz's "
    "\"sixtyfour (revisited)\" (Debian's nexuiz-music), a limited electronic track released at about -8.6 LUFS, "
    "decoded from Ogg Vorbis and turned down 3 dB so its decoded overs fit in 24 bits. real96 is real music made at "
    "96 kHz: Frozen-Bubble's two-player theme (Debian's fb-music-high), a tracker module that libopenmpt renders at "
    "any rate, here 96 kHz, so the 96 → 44.1 kHz conversion runs on real content. Both are about 3.5 minutes long, "
    "not 5: the ratios compare the same file on both sides.",
    "Method (bench/lib/bench.sh): a warm-up run of each contender, then paired rounds: every contender once per round, "
    "in one order on even rounds and the reverse on odd rounds. CPU is user + sys of the process tree, wall is elapsed "
    "time (bash's `time` around /usr/bin/time, to the millisecond). Each figure is the median of the rounds, with its "
    "interquartile range and [min–max]; each ratio is the median of the per-round ratios of the paired runs, with their "
    "spread. Before and after each case's rounds a fixed loop is timed pinned to each core in turn: on this virtual "
    "machine, while the host is busy, one core can be markedly slower than the other, and then the CPU time of an "
    "unpinned process depends on where it ran. Every wall ratio names the thread counts: ours on two threads against a one-thread peer flatters ours on "
    "wall time; the one-core rows (both pinned to core 0, since the two virtual cores need not be equally fast while "
    "something else runs) are the like-for-like comparison.",
]


def section(name, title, data):
    lines = [f"<!-- bench:{name}:begin -->", f"## {title}", "",
             f"*Generated by `python3 bench/tables.py` from `bench/results/{name}.json`; edit the script, not this section.*", ""]
    lines += provenance_lines(data)
    lines.append("")
    method = {"render": RENDER_METHOD + COMMON_METHOD, "analyze": ANALYZE_METHOD + COMMON_METHOD,
              "match": MATCH_METHOD + COMMON_METHOD[1:]}[name]
    for para in method:
        lines += [para, ""]
    lines += inputs_table(data)
    lines.append("")
    peers = {"render": "ffmpeg", "match": "Matchering"}.get(name, "peer")
    for case in data["cases"]:
        lines += [f"### {case['id']}: {case['title']}", ""]
        lines += contender_table(case, memory=name == "match")
        lines.append("")
        lines += ratio_table(case, peers)
        lines.append("")
        for n in case_notes(data, case):
            lines.append(f"- {n}")
        lines.append("")
    lines += memory_lines(data)
    lines += ["", f"<!-- bench:{name}:end -->"]
    return "\n".join(lines) + "\n"


def place(doc, name, text, after):
    """Replaces the marked section NAME in DOC with TEXT, or inserts it after marker AFTER's end, or before the first
    second-level heading."""
    begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
    if begin in doc:
        i = doc.index(begin)
        j = doc.index(end, i) + len(end)
        if doc[j:j + 1] == "\n":
            j += 1
        if doc[j:j + 1] == "\n":  # the blank line that separates the section from the next
            j += 1
        return doc[:i] + text + "\n" + doc[j:]
    if after and f"<!-- bench:{after}:end -->\n" in doc:
        k = doc.index(f"<!-- bench:{after}:end -->\n") + len(f"<!-- bench:{after}:end -->\n")
        if doc[k:k + 1] == "\n":
            k += 1
        return doc[:k] + text + "\n" + doc[k:]
    k = doc.index("\n## ") + 1
    return doc[:k] + text + "\n" + doc[k:]


def main():
    check = "--check" in sys.argv[1:]
    doc = DOC.read_text(encoding="utf-8")
    new = doc
    previous = None
    for name, title in SECTIONS:
        path = RESULTS / f"{name}.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            text = upload_section(name, title, data) if name == "upload" else section(name, title, data)
            new = place(new, name, text, previous)
        else:
            print(f"{path.relative_to(ROOT)}: missing; its section is left as it is", file=sys.stderr)
        previous = name
    if check:
        if new != doc:
            print("docs/BENCHMARKS.md is not up to date with bench/results: run python3 bench/tables.py", file=sys.stderr)
            return 1
        return 0
    if new != doc:
        DOC.write_text(new, encoding="utf-8")
        print("docs/BENCHMARKS.md: tables written")
    else:
        print("docs/BENCHMARKS.md: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
