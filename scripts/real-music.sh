#!/usr/bin/env bash
# Real music for the tests and the benchmarks: game soundtracks from Debian's own packages, fetched with
# `apt-get download` into a cache when first needed and never committed (the repository ships no music).
#   nexuiz-music   Nexuiz's soundtrack (GPL-2+): electronic and rock tracks, Ogg Vorbis at 44.1 kHz, several of them
#                  dense, limited masters (-8 to -9 LUFS) with inter-sample peaks over 0 dBFS, others dynamic mixes.
#   fb-music-high  Frozen-Bubble's two-player theme (GPL-2+), a tracker module: libopenmpt (in Debian's ffmpeg) renders
#                  it at any sample rate, so the same music exists natively at 44.1, 48, 88.2 and 96 kHz.
#
# Usage: scripts/real-music.sh OUTDIR          the test set: 30-60 s excerpts as 32-bit float WAV (decoded values kept
#                                              exactly, peaks over 0 dBFS included)
#        scripts/real-music.sh --bench OUTDIR  whole tracks as 24-bit WAV, 3 dB down so that no sample clips, for bench/
#        scripts/real-music.sh --match OUTDIR  reference-matching pairs, NAME-mix.wav and NAME-reference.wav (60 s each,
#                                              float, at 44.1, 48, 88.2 and 96 kHz), for bench/match/real.sh
# Writes OUTDIR/SOURCES.txt (packages, versions, SHA-256 of the .deb files, what was cut from where).
# The .deb files are kept in MP_REAL_MUSIC_CACHE (default ~/.cache/masteringportal/real-music).
# Exits non-zero, with the reason on stderr, when a package cannot be fetched or a file cannot be decoded.
set -euo pipefail
MODE=tests
case ${1:-} in --bench) MODE=bench; shift ;; --match) MODE=match; shift ;; esac
OUT=${1:?usage: scripts/real-music.sh [--bench|--match] OUTDIR}
CACHE=${MP_REAL_MUSIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/masteringportal/real-music}
mkdir -p "$CACHE" "$OUT"
command -v ffmpeg >/dev/null || { echo "real-music: ffmpeg is not installed" >&2; exit 1; }
case $(ffmpeg -hide_banner -formats 2>/dev/null) in *libopenmpt*) ;; *) echo "real-music: this ffmpeg cannot read tracker modules (libopenmpt)" >&2; exit 1 ;; esac

fetch() { # package → path of its .deb in the cache
  local pkg=$1 deb
  deb=$(ls "$CACHE/${pkg}"_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ] || ! dpkg-deb -I "$deb" >/dev/null 2>&1; then
    rm -f "$CACHE/${pkg}"_*.deb
    if ! apt-cache show "$pkg" >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; fi
    (cd "$CACHE" && apt-get download -qq "$pkg" >/dev/null 2>"$CACHE/$pkg.err") \
      || { echo "real-music: apt-get download $pkg failed: $(tail -2 "$CACHE/$pkg.err")" >&2; return 1; }
    deb=$(ls "$CACHE/${pkg}"_*.deb | head -1)
  fi
  echo "$deb"
}

NEXUIZ_DEB=$(fetch nexuiz-music)
FB_DEB=$(fetch fb-music-high)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dpkg-deb -x "$NEXUIZ_DEB" "$WORK/nexuiz"
dpkg-deb -x "$FB_DEB" "$WORK/fb"
# Nexuiz keeps its music in a zip archive (a Quake "pk3").
python3 - "$WORK/nexuiz/usr/share/games/nexuiz/data/music.pk3" "$WORK/tracks" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("sixtyfour_revisited", "brokenlight", "infight", "calling-bogus", "ninesix", "thru-the-mirror",
                 "desert3", "stairs", "chaos-fog"):
        member = f"sound/cdtracks/{name}.ogg"
        with z.open(member) as src, open(f"{sys.argv[2]}-{name}.ogg", "wb") as dst:
            dst.write(src.read())
PY
MODULE="$WORK/fb/usr/share/games/frozen-bubble/snd/frozen-mainzik-2p.xm"
[ -f "$MODULE" ] || { echo "real-music: $MODULE is not in fb-music-high" >&2; exit 1; }

{
  echo "Real music for MasteringPortal's tests and benchmarks, made by scripts/real-music.sh ($MODE) on $(date -u +%F)."
  for deb in "$NEXUIZ_DEB" "$FB_DEB"; do
    echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) sha256 $(sha256sum "$deb" | cut -d' ' -f1)"
  done
  echo "ffmpeg: $(ffmpeg -version | head -1)"
} >"$OUT/SOURCES.txt"

cut_file() { # name, from seconds, length seconds, output codec, extra input options..., -- input, filter
  local name=$1 from=$2 length=$3 codec=$4; shift 4
  local in_opts=() input filter
  while [ "$1" != -- ]; do in_opts+=("$1"); shift; done
  input=$2; filter=$3
  ffmpeg -v error -nostdin "${in_opts[@]}" -i "$input" -ss "$from" -t "$length" -af "$filter" -ac 2 \
    -c:a "$codec" -y "$OUT/$name.tmp.wav" \
    && mv "$OUT/$name.tmp.wav" "$OUT/$name.wav" \
    || { rm -f "$OUT/$name.tmp.wav"; echo "real-music: could not make $name.wav" >&2; exit 1; }
  local span="${from}-$((from + length)) s"
  if [ "$MODE" = bench ]; then span="the whole track"; fi
  echo "$name.wav: $(basename "$input" | sed 's/^tracks-//'), $span, $codec, filter $filter" >>"$OUT/SOURCES.txt"
}

# Reference-matching pairs, NAME-mix.wav and NAME-reference.wav, 60 s each as decoded. Each "mix" is another released
# track (no unmastered mixes are shipped with these games): the matcher's task is the same, to move its tonal balance,
# width and loudness towards the reference's. The same cuts in the test set and in bench/match/real.sh's, so the tests
# can hold our match to Matchering's recorded figures (bench/match/matchering-real.json).
cut_pairs() { # names...
  local t="$WORK/tracks" name
  for name in "$@"; do
    case $name in
      infight-to-sixtyfour)
        cut_file "$name-mix" 170 60 pcm_f32le -- "$t-infight.ogg" anull
        cut_file "$name-reference" 80 60 pcm_f32le -- "$t-sixtyfour_revisited.ogg" anull ;;
      tracker48-to-brokenlight)
        cut_file "$name-mix" 150 60 pcm_f32le -sample_rate 48000 -- "$MODULE" anull
        cut_file "$name-reference" 45 60 pcm_f32le -- "$t-brokenlight.ogg" anull ;;
      callingbogus-to-ninesix)
        cut_file "$name-mix" 60 60 pcm_f32le -- "$t-calling-bogus.ogg" anull
        cut_file "$name-reference" 60 60 pcm_f32le -- "$t-ninesix.ogg" anull ;;
      thrumirror-to-desert3)
        cut_file "$name-mix" 200 60 pcm_f32le -- "$t-thru-the-mirror.ogg" anull
        cut_file "$name-reference" 60 60 pcm_f32le -- "$t-desert3.ogg" anull ;;
      chaosfog-to-tracker96)
        cut_file "$name-mix" 60 60 pcm_f32le -- "$t-chaos-fog.ogg" anull
        cut_file "$name-reference" 150 60 pcm_f32le -sample_rate 96000 -- "$MODULE" anull ;;
      tracker88-to-stairs)
        cut_file "$name-mix" 30 60 pcm_f32le -sample_rate 88200 -- "$MODULE" anull
        cut_file "$name-reference" 40 60 pcm_f32le -- "$t-stairs.ogg" anull ;;
      *) echo "real-music: no pair $name" >&2; exit 1 ;;
    esac
  done
}

if [ "$MODE" = tests ]; then
  # Excerpts, as decoded: float keeps the codec's own overs above 0 dBFS, as a mix bounced in float would.
  cut_file dense-44100 80 15 pcm_f32le -- "$WORK/tracks-sixtyfour_revisited.ogg" anull
  cut_file loud-44100 45 15 pcm_f32le -- "$WORK/tracks-brokenlight.ogg" anull
  cut_file dynamic-44100 190 20 pcm_f32le -- "$WORK/tracks-infight.ogg" anull
  for rate in 44100 48000 88200 96000; do
    cut_file "tracker-$rate" 165 15 pcm_f32le -sample_rate "$rate" -- "$MODULE" anull
  done
  cut_pairs infight-to-sixtyfour chaosfog-to-tracker96 callingbogus-to-ninesix
elif [ "$MODE" = match ]; then
  cut_pairs infight-to-sixtyfour tracker48-to-brokenlight callingbogus-to-ninesix thrumirror-to-desert3 \
    chaosfog-to-tracker96 tracker88-to-stairs
else
  # Whole tracks as 24-bit mixes: 3 dB down, so the decoded overs (up to +1.9 dBTP) do not clip.
  cut_file dense-44100 0 600 pcm_s24le -- "$WORK/tracks-sixtyfour_revisited.ogg" volume=-3dB
  cut_file tracker-96000 0 600 pcm_s24le -sample_rate 96000 -- "$MODULE" volume=-3dB
  cut_file mix-44100 0 600 pcm_s24le -- "$WORK/tracks-calling-bogus.ogg" volume=-3dB
fi
