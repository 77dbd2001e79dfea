#!/usr/bin/env bash
# Synthesises a music-like test mix (we have no licensed music in this repository): a kick with a pitch
# drop every half second, a stepped bass line, a three-note chord with tremolo, off-beat hi-hats from
# independent noise in each channel (so the stereo image is wide but mono-compatible), and an arrangement
# envelope that swells and drops every 30 s (verse/chorus dynamics). Written as WAV, 24-bit PCM.
#
# usage: make-test-mix.sh OUT.wav MINUTES [SAMPLE_RATE]
set -euo pipefail
out=${1:?usage: make-test-mix.sh OUT.wav MINUTES [SAMPLE_RATE]}
minutes=${2:?minutes}
rate=${3:-44100}
seconds=$(awk "BEGIN{print $minutes*60}")

kick='0.55*sin(2*PI*(45+90*exp(-25*mod(t,0.5)))*mod(t,0.5))*exp(-7*mod(t,0.5))'
bass='0.22*sin(2*PI*55*pow(2,floor(mod(t/2,4))*3/12)*t)*(0.6+0.4*exp(-3*mod(t,0.25)))'
chord='0.07*(sin(2*PI*220*t)+sin(2*PI*277.18*t)+sin(2*PI*329.63*t+1))*(1+0.3*sin(2*PI*0.2*t))'
hats_l='0.16*(2*random(0)-1)*exp(-45*mod(t+0.25,0.5))'
# random(i) keeps its state in variable i, which starts at 0 in each channel's expression: the right
# channel seeds its own variables first so that its noise differs from the left's.
seed_r='st(1,if(eq(n,0),7919,ld(1)))*0+st(3,if(eq(n,0),104729,ld(3)))*0'
hats_r='0.16*(2*random(1)-1)*exp(-45*mod(t+0.25,0.5))'
air_l='0.03*(2*random(2)-1)'
air_r='0.03*(2*random(3)-1)'
song='(0.65+0.35*sin(2*PI*t/60))'

ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "aevalsrc=exprs='${song}*(${kick}+${bass}+0.9*${chord}+${hats_l}+${air_l})|${seed_r}+${song}*(${kick}+${bass}+1.1*${chord}+${hats_r}+${air_r})':s=${rate}:d=${seconds}" \
  -af "highpass=f=25,equalizer=f=3000:t=q:w=1:g=4,volume=0.6" \
  -c:a pcm_s24le "$out"
