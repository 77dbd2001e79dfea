#!/usr/bin/env python3
"""Prints each failed test in the given TRX files: its name, then the first lines of its message.
With --slowest N, prints the N slowest tests instead (duration, outcome, name), for finding where a run's time goes."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def seconds(duration):
    h, m, s = duration.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def results(paths):
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as error:
            print(f"unreadable: {path} ({error})")
            continue
        for result in root.iterfind(".//t:UnitTestResult", NS):
            yield result


def main(argv):
    if len(argv) > 2 and argv[1] == "--slowest":
        count = int(argv[2])
        rows = [(seconds(r.get("duration", "0:0:0")), r.get("outcome"), r.get("testName")) for r in results(argv[3:])]
        for duration, outcome, name in sorted(rows, reverse=True)[:count]:
            print(f"{duration:8.1f}s  {outcome:8} {name}")
        return
    for result in results(argv[1:]):
        if result.get("outcome") != "Failed":
            continue
        print(f"failed: {result.get('testName')}")
        message = result.find("./t:Output/t:ErrorInfo/t:Message", NS)
        if message is not None and message.text:
            lines = [line for line in message.text.strip().splitlines() if line.strip()]
            for line in lines[:4]:
                print(f"    {line[:300]}")


main(sys.argv)
