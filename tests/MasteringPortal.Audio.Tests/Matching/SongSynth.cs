using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// How one synthetic song is arranged, balanced and coloured. Levels in dB relative to the element's own nominal level.
/// </summary>
/// <param name="SectionDb">Gain of the intro (pad and lead only), the verse and the chorus: the song's dynamics.</param>
/// <param name="SideDb">Level of the stereo parts (pad detune, hats, ambience) against their centred parts.</param>
/// <param name="MidColour">The mix bus EQ on the mid: tilt, resonances, holes.</param>
/// <param name="SideColour">The mix bus EQ on the side.</param>
/// <param name="DriveDb">Gain into a soft clipper before the final level (0 = none): a loud, dense master.</param>
internal sealed record SongSpec(
    ulong Seed, double Bpm, double RootHz,
    double KickDb, double SnareDb, double HatDb, double BassDb, double PadDb, double LeadDb, double AmbienceDb,
    double[] SectionDb, double SideDb, EqBand[] MidColour, EqBand[] SideColour, double Lufs, double DriveDb = 0);

/// <summary>
/// A stereo song of the usual parts, synthesised sample by sample (deterministic for a seed): kick with a falling
/// pitch, snare (tone and noise), hi-hats panned off centre, a harmonic bass line on the root, a pad whose voices
/// are detuned between left and right, a lead with vibrato in the verse and chorus, and pink ambience that is
/// different in each channel. Intro, verse and chorus change level and which parts play. The mix bus colour is
/// applied in mid/side; a reference may be driven into a soft clipper, as a loud master is.
/// The result has a music-like long-term spectrum (falling about 3-5 dB per octave above the bass), transients
/// and crest factor, dynamics between sections and a frequency-dependent stereo width.
/// </summary>
internal static class SongSynth
{
    private const int TableSize = 4096;

    public static float[] Render(SongSpec spec, int rateHz, double seconds)
    {
        var frames = (int)(rateHz * seconds);
        var left = new float[frames];
        var right = new float[frames];
        var random = new Random64(spec.Seed);
        var beat = 60.0 / spec.Bpm;
        var bar = 4 * beat;
        int[] progression = [0, -5, -3, -7];
        int[] melody = [12, 14, 15, 19, 17, 15, 14, 10];
        var bassTable = Table(12, k => 1.0 / k);
        var padTable = Table(14, k => Math.Pow(k, -1.4));
        var leadTable = Table(24, k => (k % 2 == 1 ? 1.0 : 0.5) / k);
        double kickPhase = 0, bassPhase = 0, leadPhase = 0;
        var padPhaseL = new double[3];
        var padPhaseR = new double[3];
        var pinkL = new PinkNoise();
        var pinkR = new PinkNoise();
        double hatPrevious = 0, hatHighPass = 0;
        var sideGain = Math.Pow(10, spec.SideDb / 20);
        var kick = Gain(spec.KickDb) * 0.5;
        var snare = Gain(spec.SnareDb) * 0.25;
        var hat = Gain(spec.HatDb) * 0.12;
        var bass = Gain(spec.BassDb) * 0.25;
        var pad = Gain(spec.PadDb) * 0.06;
        var lead = Gain(spec.LeadDb) * 0.08;
        var ambience = Gain(spec.AmbienceDb) * 0.02;
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / rateHz;
            var position = t / seconds;
            var section = position < 0.17 ? 0 : position < 0.5 ? 1 : 2;
            var sectionGain = SectionGain(spec.SectionDb, position, seconds);
            var drums = section > 0 ? 1.0 : 0.0;
            var sinceBeat = t % beat;
            var beatIndex = (int)(t / beat);
            var barIndex = (int)(t / bar);
            var root = spec.RootHz * Semitones(progression[barIndex % progression.Length]);

            // Kick on every beat: a sine falling from about 135 to 45 Hz.
            var kickHz = 45 + 90 * Math.Exp(-sinceBeat / 0.03);
            kickPhase += kickHz / rateHz;
            if (sinceBeat < 1.0 / rateHz) kickPhase = 0;
            var kickSample = kick * drums * Math.Sin(2 * Math.PI * kickPhase) * Math.Exp(-sinceBeat / 0.18);

            // Snare on beats 2 and 4: a 190 Hz tone and a noise burst, the noise a little wider than the tone.
            var snareOn = drums > 0 && beatIndex % 2 == 1;
            var noise = random.NextSigned();
            var snareTone = snareOn ? snare * Math.Sin(2 * Math.PI * 190 * sinceBeat) * Math.Exp(-sinceBeat / 0.05) : 0;
            var snareNoise = snareOn ? snare * 0.8 * noise * Math.Exp(-sinceBeat / 0.11) : 0;
            var snareSide = snareOn ? snare * 0.3 * random.NextSigned() * Math.Exp(-sinceBeat / 0.09) * sideGain : 0;

            // Hi-hats on eighths: twice-differenced noise (bright), panned right of centre.
            var sinceEighth = t % (beat / 2);
            var hatRaw = random.NextSigned();
            var hatDiff = hatRaw - hatPrevious;
            hatPrevious = hatRaw;
            var hatBright = hatDiff - hatHighPass;
            hatHighPass = hatDiff;
            var hatSample = drums * hat * hatBright * Math.Exp(-sinceEighth / 0.035);

            // Bass: the root an octave down, on the beat with a little pump.
            bassPhase += root / 2 / rateHz;
            var bassSample = drums * bass * Lookup(bassTable, bassPhase) * (0.6 + 0.4 * Math.Exp(-sinceBeat / 0.25));

            // Pad: root, third and fifth an octave up, left and right detuned against each other.
            double padL = 0, padR = 0;
            int[] chord = [12, 15, 19];
            for (var v = 0; v < 3; v++)
            {
                var hz = root * Semitones(chord[v]);
                padPhaseL[v] += hz * (1 - 0.003 * sideGain) / rateHz;
                padPhaseR[v] += hz * (1 + 0.003 * sideGain) / rateHz;
                padL += Lookup(padTable, padPhaseL[v]);
                padR += Lookup(padTable, padPhaseR[v]);
            }

            // Lead: a melody two octaves up with vibrato, from the verse on.
            var note = melody[(int)(t / (2 * beat)) % melody.Length];
            var leadHz = spec.RootHz * 2 * Semitones(note) * (1 + 0.004 * Math.Sin(2 * Math.PI * 5.5 * t));
            leadPhase += leadHz / rateHz;
            var leadSample = section > 0 ? lead * Lookup(leadTable, leadPhase) * (0.7 + 0.3 * Math.Exp(-(t % (2 * beat)) / 0.3)) : 0;

            var centre = kickSample + snareTone + snareNoise + bassSample + leadSample;
            var l = centre + 0.6 * hatSample + snareSide + pad * padL + ambience * sideGain * pinkL.Next(random.NextSigned());
            var r = centre + 1.0 * hatSample - snareSide + pad * padR + ambience * sideGain * pinkR.Next(random.NextSigned());
            left[i] = (float)(sectionGain * l);
            right[i] = (float)(sectionGain * r);
        }
        var interleaved = Interleave(left, right);
        Colour(interleaved, rateHz, spec.MidColour, spec.SideColour);
        if (spec.DriveDb > 0) Drive(interleaved, rateHz, spec.Lufs, spec.DriveDb);
        return Normalise(interleaved, rateHz, spec.Lufs);
    }

    public static double IntegratedLufs(float[] interleaved, int rateHz)
    {
        var meter = new LoudnessMeter(rateHz, 2, new LoudnessMeterOptions(TruePeak: false, Series: false));
        meter.AddFrames(interleaved);
        return meter.IntegratedLufs!.Value;
    }

    private static double SectionGain(double[] sectionDb, double position, double seconds)
    {
        // Half-second crossfades between sections, in dB.
        var fade = 0.5 / seconds;
        double Db(double p) => p < 0.17 ? sectionDb[0] : p < 0.5 ? sectionDb[1] : sectionDb[2];
        var db = (Db(position - fade / 2) + Db(position + fade / 2)) / 2;
        return Math.Pow(10, db / 20);
    }

    private static double Gain(double db) => Math.Pow(10, db / 20);

    private static double Semitones(int n) => Math.Pow(2, n / 12.0);

    private static double[] Table(int harmonics, Func<int, double> amplitude)
    {
        var table = new double[TableSize + 1];
        for (var k = 1; k <= harmonics; k++)
        {
            var a = amplitude(k);
            for (var i = 0; i <= TableSize; i++) table[i] += a * Math.Sin(2 * Math.PI * k * i / TableSize);
        }
        var peak = table.Max(Math.Abs);
        for (var i = 0; i <= TableSize; i++) table[i] /= peak;
        return table;
    }

    private static double Lookup(double[] table, double phase)
    {
        var x = (phase - Math.Floor(phase)) * TableSize;
        var i = (int)x;
        var f = x - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    private static float[] Interleave(float[] left, float[] right)
    {
        var result = new float[left.Length * 2];
        for (var i = 0; i < left.Length; i++)
        {
            result[2 * i] = left[i];
            result[2 * i + 1] = right[i];
        }
        return result;
    }

    private static void Colour(float[] interleaved, int rateHz, EqBand[] mid, EqBand[] side)
    {
        if (mid.Length == 0 && side.Length == 0) return;
        var eq = new ParametricEq(new ParametricEqSettings { Mode = EqChannelMode.MidSide, Bands = mid, SideBands = side }, rateHz, 2);
        var block = new AudioBlock(2, 4096);
        for (var start = 0; start < interleaved.Length / 2; start += 4096)
        {
            var n = Math.Min(4096, interleaved.Length / 2 - start);
            var span = interleaved.AsSpan(start * 2, n * 2);
            block.Deinterleave(span, n);
            eq.Process(block);
            block.Interleave(span);
        }
    }

    /// <summary>A loud master's density: the song at its target loudness plus the drive, into tanh, whose ceiling is full scale.</summary>
    private static void Drive(float[] interleaved, int rateHz, double lufs, double driveDb)
    {
        var gain = (float)Math.Pow(10, (lufs + driveDb - IntegratedLufs(interleaved, rateHz)) / 20);
        for (var i = 0; i < interleaved.Length; i++) interleaved[i] = 0.95f * MathF.Tanh(gain * interleaved[i]);
    }

    /// <summary>To the loudness asked for, but never above a sample peak of -0.3 dBFS (a loud reference then reads quieter).</summary>
    private static float[] Normalise(float[] interleaved, int rateHz, double lufs)
    {
        var gain = Math.Pow(10, (lufs - IntegratedLufs(interleaved, rateHz)) / 20);
        var peak = interleaved.Max(Math.Abs);
        gain = Math.Min(gain, Math.Pow(10, -0.3 / 20) / peak);
        var g = (float)gain;
        for (var i = 0; i < interleaved.Length; i++) interleaved[i] *= g;
        return interleaved;
    }

    /// <summary>Paul Kellet's economy pink filter: -3 dB per octave from white noise within about 0.5 dB.</summary>
    private sealed class PinkNoise
    {
        private double _b0, _b1, _b2;

        public double Next(double white)
        {
            _b0 = 0.99765 * _b0 + white * 0.0990460;
            _b1 = 0.96300 * _b1 + white * 0.2965164;
            _b2 = 0.57000 * _b2 + white * 1.0526913;
            return _b0 + _b1 + _b2 + white * 0.1848;
        }
    }

    /// <summary>SplitMix64: a fixed sequence for a seed on every machine and runtime (System.Random's is not promised).</summary>
    private sealed class Random64(ulong seed)
    {
        private ulong _state = seed * 0x9E3779B97F4A7C15UL + 1;

        public double NextSigned()
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (2.0 / (1UL << 53)) - 1;
        }
    }
}
