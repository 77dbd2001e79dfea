#!/usr/bin/env python3
"""Writes a 96 kHz 24-bit stereo PCM WAV of about SIZE_MB megabytes (10^6 bytes) of noise at -20 dBFS-ish.
usage: make-wav.py OUT SIZE_MB"""
import os, struct, sys, random

out, size_mb = sys.argv[1], int(sys.argv[2])
rate, channels, bits = 96000, 2, 24
frame = channels * bits // 8
data_bytes = (size_mb * 1_000_000 - 44) // frame * frame
rng = random.Random(1)
# 1 s of quiet noise, repeated: the content only has to be valid PCM.
block = bytearray()
for _ in range(rate * channels):
    v = int(rng.gauss(0, 0.1) * 8_388_607)
    v = max(-8_388_608, min(8_388_607, v))
    block += struct.pack('<i', v)[:3]
with open(out, 'wb') as f:
    f.write(b'RIFF' + struct.pack('<I', 36 + data_bytes) + b'WAVE')
    f.write(b'fmt ' + struct.pack('<IHHIIHH', 16, 1, channels, rate, rate * frame, frame, bits))
    f.write(b'data' + struct.pack('<I', data_bytes))
    left = data_bytes
    while left > 0:
        n = min(left, len(block))
        f.write(block[:n])
        left -= n
