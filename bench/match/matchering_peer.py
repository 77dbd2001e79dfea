"""Runs Matchering (from its source, put on PYTHONPATH by bench/match/peer.sh, real.sh or run.sh).

With one argument, DIR: on every pair there, DIR/NAME-mix.wav against DIR/NAME-reference.wav -> DIR/NAME-matchering.wav
(Matchering's default result: its limiter on, 24-bit, 44.1 kHz), printing the CPU and wall seconds per pair.
With three, MIX REFERENCE OUT: on that one pair, printing nothing (bench/match/run.sh times the whole process)."""
import glob
import os
import sys
import time

import matchering as mg


def main(folder: str) -> None:
    mg.log(print) if os.environ.get("MATCHERING_VERBOSE") else None
    for mix in sorted(glob.glob(os.path.join(folder, "*-mix.wav"))):
        name = os.path.basename(mix)[: -len("-mix.wav")]
        reference = os.path.join(folder, f"{name}-reference.wav")
        result = os.path.join(folder, f"{name}-matchering.wav")
        cpu, wall = time.process_time(), time.perf_counter()
        mg.process(target=mix, reference=reference, results=[mg.pcm24(result)])
        print(f"{name}\tcpu_s={time.process_time() - cpu:.2f}\twall_s={time.perf_counter() - wall:.2f}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4:
        mg.process(target=sys.argv[1], reference=sys.argv[2], results=[mg.pcm24(sys.argv[3])])
    else:
        main(sys.argv[1])
