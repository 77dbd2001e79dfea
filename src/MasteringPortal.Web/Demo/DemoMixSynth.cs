namespace MasteringPortal.Web.Demo;

/// <summary>
/// Synthesises a few seconds of music-like stereo audio for the demo projects: a kick on every beat, a
/// plucked bass on the chord roots, a slightly detuned pad and off-beat hi-hats, at 120 BPM. Deterministic
/// for a given <see cref="Song"/>, so a re-seed stores the same files.
/// </summary>
public static class DemoMixSynth
{
    public const int SampleRateHz = 44_100;
    const double BeatSeconds = 0.5; // 120 BPM

    /// <summary>A demo song: four chords (MIDI root notes, minor or major), and how loud its peak is.</summary>
    public sealed record Song(int[] ChordRootsMidi, bool[] ChordIsMinor, uint Seed, double PeakDbfs);

    public static readonly Song[] Songs =
    [
        new([57, 53, 48, 55], [true, false, false, false], 11, -3.0),   // Am F C G
        new([50, 46, 53, 48], [true, false, false, false], 23, -4.0),   // Dm Bb F C
        new([52, 48, 55, 50], [true, false, false, false], 37, -2.5),   // Em C G D
        new([45, 50, 52, 45], [true, true, false, true], 41, -3.5),     // Am Dm E Am
        new([48, 55, 57, 53], [false, false, true, false], 53, -3.0),   // C G Am F
    ];

    /// <summary>Interleaved stereo samples, peak-normalised to <see cref="Song.PeakDbfs"/>.</summary>
    public static float[] Render(Song song, double seconds)
    {
        var frames = (int)(seconds * SampleRateHz);
        var left = new double[frames];
        var right = new double[frames];
        var noise = song.Seed | 1;
        var hatLowpass = 0.0;
        // The pad's 3 notes × 4 harmonics × 2 channels as rotating phasors (one complex multiply per sample
        // instead of a Math.Sin call): keeps the seed well under its two-second budget.
        const int Partials = 3 * 4 * 2;
        Span<double> re = stackalloc double[Partials], im = stackalloc double[Partials];
        Span<double> stepRe = stackalloc double[Partials], stepIm = stackalloc double[Partials], level = stackalloc double[Partials];
        var currentChord = -1;
        var previousBeat = -1;
        double bassStep = 0, glide = 1, kickEnv = 1, bassEnv = 1, hatEnv = 0;
        // Per-sample decay factors: e^(-rate/fs), so envelopes are one multiply per sample.
        double glideDecay = Math.Exp(-30.0 / SampleRateHz), kickDecay = Math.Exp(-9.0 / SampleRateHz),
            bassDecay = Math.Exp(-4.0 / SampleRateHz), hatDecay = Math.Exp(-40.0 / SampleRateHz);
        var halfBeatFrames = (int)(BeatSeconds / 2 * SampleRateHz);
        var beatStartFrame = 0;
        for (var n = 0; n < frames; n++)
        {
            var t = n / (double)SampleRateHz;
            var beat = (int)(t / BeatSeconds);
            var inBeat = t - beat * BeatSeconds;
            var chord = beat / 4 % song.ChordRootsMidi.Length;
            var root = song.ChordRootsMidi[chord];
            if (beat != previousBeat)
            {
                previousBeat = beat;
                beatStartFrame = n;
                glide = kickEnv = bassEnv = 1;
            }
            if (n - beatStartFrame == halfBeatFrames) hatEnv = 1;
            if (chord != currentChord)
            {
                currentChord = chord;
                bassStep = 2 * Math.PI * Hz(root - 24) / SampleRateHz;
                var third = root + (song.ChordIsMinor[chord] ? 3 : 4);
                for (var k = 0; k < Partials; k++)
                {
                    var note = (k / 8) switch { 0 => root, 1 => third, _ => root + 7 };
                    var harmonic = k / 2 % 4 + 1;
                    var detune = k % 2 == 0 ? 0.9985 : 1.0015; // a few cents apart between the channels
                    var w = 2 * Math.PI * Hz(note) * harmonic * detune / SampleRateHz;
                    (stepIm[k], stepRe[k]) = Math.SinCos(w);
                    level[k] = 1.0 / (harmonic * harmonic);
                    if (n == 0) { re[k] = 1; im[k] = 0; }
                }
            }
            if ((n & 1023) == 0)
            {
                for (var k = 0; k < Partials; k++)
                {
                    var magnitude = Math.Sqrt(re[k] * re[k] + im[k] * im[k]);
                    re[k] /= magnitude; im[k] /= magnitude;
                }
            }

            // Kick: a sine gliding from 110 to 45 Hz (phase = integral of 45 + 65·e^(-30t)), decaying in about a quarter second.
            var kick = Math.Sin(2 * Math.PI * (45 * inBeat + 65 * (1 - glide) / 30)) * kickEnv * 0.9;
            glide *= glideDecay;
            kickEnv *= kickDecay;

            // Bass: the chord root two octaves down, plucked on every beat.
            var (bassSin, bassCos) = Math.SinCos(bassStep * n);
            var bass = bassSin * (1 + 0.6 * bassCos) * bassEnv * 0.45; // sin x + 0.3 sin 2x = sin x (1 + 0.6 cos x)
            bassEnv *= bassDecay;

            // Pad: three chord tones, a few harmonics each.
            double padL = 0, padR = 0;
            for (var k = 0; k < Partials; k += 2)
            {
                padL += im[k] * level[k];
                padR += im[k + 1] * level[k + 1];
            }
            for (var k = 0; k < Partials; k++)
            {
                var r = re[k] * stepRe[k] - im[k] * stepIm[k];
                im[k] = re[k] * stepIm[k] + im[k] * stepRe[k];
                re[k] = r;
            }
            var padSwell = Math.Min(1, t / 0.4) * (0.75 + 0.25 * Math.Sin(2 * Math.PI * 0.25 * t));
            padL *= 0.09 * padSwell;
            padR *= 0.09 * padSwell;

            // Hi-hat: noise through a one-pole high-pass, on the off-beats, a little to the right.
            var white = Uniform(ref noise);
            hatLowpass += 0.35 * (white - hatLowpass);
            var hat = (white - hatLowpass) * hatEnv * 0.35;
            hatEnv *= hatDecay;

            left[n] = kick + bass + padL + hat * 0.8;
            right[n] = kick + bass + padR + hat;
        }

        // Fade in and out over 20 ms so the clip starts and ends without clicks.
        var fade = (int)(0.02 * SampleRateHz);
        for (var n = 0; n < fade && n < frames; n++)
        {
            var g = n / (double)fade;
            left[n] *= g; right[n] *= g;
            left[frames - 1 - n] *= g; right[frames - 1 - n] *= g;
        }

        var peak = 0.0;
        for (var n = 0; n < frames; n++) peak = Math.Max(peak, Math.Max(Math.Abs(left[n]), Math.Abs(right[n])));
        var gain = peak > 0 ? Math.Pow(10, song.PeakDbfs / 20) / peak : 0;
        var interleaved = new float[frames * 2];
        for (var n = 0; n < frames; n++)
        {
            interleaved[2 * n] = (float)(left[n] * gain);
            interleaved[2 * n + 1] = (float)(right[n] * gain);
        }
        return interleaved;
    }

    /// <summary>Equal temperament, A4 (MIDI 69) = 440 Hz.</summary>
    static double Hz(int midi) => 440 * Math.Pow(2, (midi - 69) / 12.0);

    static double Uniform(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state / 2_147_483_648.0 - 1;
    }
}
