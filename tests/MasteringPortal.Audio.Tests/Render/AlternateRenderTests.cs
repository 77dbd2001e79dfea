using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>
/// Alternate versions (issue 20 §4): an instrumental mastered with the main master's loudness gain instead of a solve of
/// its own, so that on a linear chain main master − instrumental master is the processed vocal; with the limiter on, the
/// instrumental's gain is the main master's, not the louder one a solve would give it; the alignment check finding a
/// short export, a late or early start and the vocal in the difference; and the vinyl pre-master's peak ceiling held
/// by the renderer without a limiter. The stems are synthetic: a drum, bass and pad instrumental and a sung vocal line
/// (formants, vibrato, syllables and sibilants), 48 kHz stereo, 8 s, written as float WAVs.
/// </summary>
public sealed class AlternateRenderTests(ITestOutputHelper output) : IDisposable
{
    const int Rate = 48000;
    const double Seconds = 8;
    static readonly int Frames = (int)(Seconds * Rate);

    readonly RenderTestFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // ---- Stems ---------------------------------------------------------------------------------------------------------

    /// <summary>The instrumental: kick, snare, hi-hats, a sawtooth bass line and a bright pad (<see cref="DenseMixSignals"/>).</summary>
    static Func<int, long, double> Instrumental() => Cached(InstrumentalLine);

    /// <summary>A verse/chorus instrumental: the choruses 12 dB over the verses, peaking near −10 dBFS.</summary>
    static Func<int, long, double> DynamicInstrumental() => Cached(DynamicLine);

    // The instrumentals are additive synthesis (a few hundred sines a sample): computed once for the class, then read.
    static readonly Lazy<float[]> InstrumentalLine = new(() => Precompute(DenseMixSignals.DenseMix(Rate, 0.12)));
    static readonly Lazy<float[]> DynamicLine = new(() => Precompute(DenseMixSignals.VerseChorus(Rate)));

    static float[] Precompute(Func<int, long, double> sample)
    {
        var y = new float[Frames * 2];
        for (var i = 0; i < Frames; i++)
        for (var c = 0; c < 2; c++)
            y[2 * i + c] = (float)sample(c, i);
        return y;
    }

    static Func<int, long, double> Cached(Lazy<float[]> line)
    {
        var y = line.Value;
        return (c, i) => i < Frames ? y[2 * i + Math.Min(c, 1)] : 0;
    }

    static readonly Lazy<float[]> VocalLine = new(() => SynthesizeVocal(Rate, Frames));

    /// <summary>The vocal, centred (the same in both channels), scaled by <paramref name="gain"/>.</summary>
    static Func<int, long, double> Vocal(double gain = 1)
    {
        var line = VocalLine.Value;
        return (_, i) => i < line.Length ? gain * line[i] : 0;
    }

    /// <summary>
    /// A sung line, mono, about −20 dBFS RMS while singing: a band-limited glottal source (harmonics falling 12 dB/oct up to
    /// 7 kHz) on a melody of notes around G3 with 5.5 Hz vibrato that grows into each note, through three formant
    /// resonators whose vowel changes syllable by syllable, each syllable shaped by an attack and a release, a short
    /// sibilant (noise 4-9 kHz) on some onsets, and a rest between phrases.
    /// </summary>
    static float[] SynthesizeVocal(int rate, int frames)
    {
        int[] melody = [0, 2, 3, 5, 7, 5, 3, 2, 0, -2, 0, 3];
        (double F1, double F2, double F3)[] vowels = [(730, 1090, 2440), (270, 2290, 3010), (570, 840, 2410), (530, 1840, 2480)];
        const double syllable = 0.32;
        var y = new float[frames];
        var formants = new Resonator[3];
        for (var k = 0; k < 3; k++) formants[k] = new Resonator();
        var sibilant = new Resonator();
        sibilant.Set(rate, 6500, 1.2);
        var phase = 0.0;
        ulong noise = 0x5EED;
        var currentSyllable = -1;
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / rate;
            var phraseTime = t % 3.2; // 2.56 s phrases (8 syllables), then a rest
            var index = (int)(phraseTime / syllable);
            var inSyllable = phraseTime - index * syllable;
            var singing = index < 8;
            var number = (int)(t / 3.2) * 8 + index;
            if (singing && number != currentSyllable)
            {
                currentSyllable = number;
                var v = vowels[number % vowels.Length];
                formants[0].Set(rate, v.F1, 6);
                formants[1].Set(rate, v.F2, 9);
                formants[2].Set(rate, v.F3, 12);
            }
            var note = melody[number % melody.Length];
            var vibrato = 0.35 * Math.Min(1, inSyllable / 0.15) * Math.Sin(2 * Math.PI * 5.5 * t);
            var f0 = 196 * Math.Pow(2, (note + vibrato) / 12);
            phase += f0 / rate;
            phase -= Math.Floor(phase);
            var source = 0.0;
            for (var h = 1; h * f0 < 7000; h++) source += Math.Sin(2 * Math.PI * h * phase) / (h * h);
            var envelope = singing ? Math.Min(1, inSyllable / 0.025) * Math.Min(1, (syllable - inSyllable) / 0.07) : 0;
            var voiced = envelope * (formants[0].Next(source) + 0.7 * formants[1].Next(source) + 0.35 * formants[2].Next(source) + 0.05 * source);
            noise = noise * 6364136223846793005UL + 1442695040888963407UL;
            var white = (noise >> 11) * (2.0 / (1UL << 53)) - 1;
            var hiss = singing && number % 3 == 0 && inSyllable < 0.06 ? 0.25 * Math.Sin(Math.PI * inSyllable / 0.06) : 0;
            y[i] = (float)(0.05 * voiced + hiss * sibilant.Next(white));
        }
        return y;
    }

    /// <summary>A constant-peak band-pass resonator (RBJ cookbook), coefficients changeable without a click.</summary>
    sealed class Resonator
    {
        double _b0, _b2, _a1, _a2, _x1, _x2, _y1, _y2;

        public void Set(int rate, double hz, double q)
        {
            var w = 2 * Math.PI * hz / rate;
            var alpha = Math.Sin(w) / (2 * q);
            var a0 = 1 + alpha;
            _b0 = alpha / a0;
            _b2 = -alpha / a0;
            _a1 = -2 * Math.Cos(w) / a0;
            _a2 = (1 - alpha) / a0;
        }

        public double Next(double x)
        {
            var y = _b0 * x + _b2 * _x2 - _a1 * _y1 - _a2 * _y2;
            (_x2, _x1, _y2, _y1) = (_x1, x, _y1, y);
            return y;
        }
    }

    string Write(string name, Func<int, long, double> sample, double seconds = Seconds, int rate = Rate, int channels = 2) =>
        RenderTestSignals.Write(_dir.File(name), rate, seconds, sample, channels);

    static Func<int, long, double> Sum(Func<int, long, double> a, Func<int, long, double> b) => (c, i) => a(c, i) + b(c, i);

    // ---- Measuring ----------------------------------------------------------------------------------------------------

    static float[] ReadAll(string path)
    {
        using var source = AudioFile.OpenRead(path, Ffmpeg.Tools);
        var all = new List<float>();
        var buffer = new float[8192 * source.Format.Channels];
        int n;
        while ((n = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, n * source.Format.Channels));
        return all.ToArray();
    }

    static double RmsDb(IEnumerable<double> samples)
    {
        double sum = 0;
        long count = 0;
        foreach (var x in samples)
        {
            sum += x * x;
            count++;
        }
        return 10 * Math.Log10(sum / count);
    }

    static (double? Lufs, double SamplePeakDbfs) Meter(string path)
    {
        var x = ReadAll(path);
        var meter = new LoudnessMeter(Rate, 2, new LoudnessMeterOptions(TruePeak: false, Series: false));
        meter.AddFrames(x);
        return (meter.IntegratedLufs, meter.SamplePeakDbfs);
    }

    /// <summary>EQ only (two bells and two shelves), the loudness gain, no dynamics, no limiter: a linear chain. 32-bit float out.</summary>
    static RenderSettings LinearChain(bool linearPhase) => new()
    {
        Eq = new EqStage
        {
            Enabled = true,
            LinearPhase = linearPhase,
            Settings = new ParametricEqSettings
            {
                Bands =
                [
                    new EqBand { Shape = EqBandShape.LowShelf, FrequencyHz = 90, GainDb = 2 },
                    new EqBand { Shape = EqBandShape.Bell, FrequencyHz = 350, GainDb = -2.5, Q = 1.2 },
                    new EqBand { Shape = EqBandShape.Bell, FrequencyHz = 3000, GainDb = 1.5, Q = 0.9 },
                    new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 9000, GainDb = 1.5 },
                ],
            },
        },
        Loudness = new LoudnessTarget { CustomLufs = -16 },
        Limiter = new() { Enabled = false, Settings = new TruePeakLimiterSettings() },
        Output = new OutputSettings { BitDepth = 32 },
    };

    // ---- 1. Linear chain: main − instrumental = the processed vocal ---------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void On_a_linear_chain_the_main_master_minus_the_instrumental_at_the_main_gain_is_the_processed_vocal(bool linearPhase)
    {
        var inst = Instrumental();
        var vocal = Vocal();
        var mixPath = Write("mix.wav", Sum(inst, vocal));
        var instPath = Write("inst.wav", inst);
        var vocalPath = Write("vocal.wav", vocal);
        var settings = LinearChain(linearPhase);
        if (linearPhase) Assert.True(new MasteringChain(settings, Rate, 2).InputRateLatencyFrames > 0, "the linear-phase EQ should have latency to compensate");

        var main = Renderer.Render(mixPath, settings, new RenderOutputs(_dir.Path, "main-master"), Ffmpeg.Tools);
        var g = main.LoudnessGainDb;
        Assert.Equal(-16, main.IntegratedLufs!.Value, 0.1); // the main master was solved to its target
        var alt = Renderer.Render(instPath, settings, new RenderOutputs(_dir.Path, "inst-master"), Ffmpeg.Tools, fixedLoudnessGainDb: g);
        var voc = Renderer.Render(vocalPath, settings, new RenderOutputs(_dir.Path, "vocal-master"), Ffmpeg.Tools, fixedLoudnessGainDb: g);
        Assert.Equal(g, alt.LoudnessGainDb);
        Assert.Equal(g, voc.LoudnessGainDb);
        Assert.True(alt.IntegratedLufs < main.IntegratedLufs - 0.5, $"instrumental {alt.IntegratedLufs:0.00} LUFS, main {main.IntegratedLufs:0.00} LUFS");

        var m = ReadAll(_dir.File("main-master.wav"));
        var a = ReadAll(_dir.File("inst-master.wav"));
        var v = ReadAll(_dir.File("vocal-master.wav"));
        Assert.Equal(Frames * 2, m.Length);
        Assert.Equal(m.Length, a.Length);
        Assert.Equal(m.Length, v.Length);

        var vocalDb = RmsDb(v.Select(x => (double)x));
        var differenceDb = RmsDb(m.Select((x, i) => (double)x - a[i]));
        var residualDb = RmsDb(m.Select((x, i) => (double)x - a[i] - v[i]));
        output.WriteLine($"gain {g:0.00} dB; processed vocal {vocalDb:0.00} dBFS RMS, main − instrumental {differenceDb:0.00}, residual {residualDb:0.0};");
        Assert.True(residualDb < vocalDb - 40, $"residual {residualDb:0.0} dBFS against the processed vocal's {vocalDb:0.0} dBFS");
        Assert.InRange(differenceDb - vocalDb, -0.1, 0.1);

        // Latency compensated: the masters line up with each other and with the mix, to the sample.
        var masters = AlternateAlignment.Measure(_dir.File("main-master.wav"), _dir.File("inst-master.wav"), "instrumental", Ffmpeg.Tools);
        Assert.True(masters.LinesUp, string.Join(" ", masters.Verdicts));
        var againstMix = AlternateAlignment.Measure(mixPath, _dir.File("main-master.wav"), "master", Ffmpeg.Tools);
        Assert.Equal(0, againstMix.OffsetFrames);
        Assert.Equal(0, againstMix.LengthDifferenceFrames);
        output.WriteLine($"mix → master: offset {againstMix.OffsetFrames}, correlation {againstMix.Correlation:0.0000}");
        Assert.True(againstMix.Correlation > 0.9, $"correlation {againstMix.Correlation}");
    }

    // ---- 2. Limiter on: the main master's gain, not a new solve ------------------------------------------------------

    [Fact]
    public void With_the_limiter_on_the_instrumental_gets_the_main_masters_gain_not_a_new_solve()
    {
        var inst = Instrumental();
        var mixPath = Write("mix.wav", Sum(inst, Vocal()));
        var instPath = Write("inst.wav", inst);
        var settings = new RenderSettings(); // the default chain: Spotify's -14 LUFS, the true-peak limiter at -1 dBTP

        var main = Renderer.Render(mixPath, settings, new RenderOutputs(_dir.Path, "main-master"), Ffmpeg.Tools);
        Assert.Equal(-14, main.IntegratedLufs!.Value, 0.15);
        Assert.True(Math.Abs(main.Distortion!.LimiterMaxGainReductionDb) > 0.1, "the limiter should be working on the main master");
        var alt = Renderer.Render(instPath, settings, new RenderOutputs(_dir.Path, "inst-master"), Ffmpeg.Tools, fixedLoudnessGainDb: main.LoudnessGainDb);
        Assert.Equal(main.LoudnessGainDb, alt.LoudnessGainDb);

        // A solve of its own would have raised the quieter instrumental to the target.
        var solved = Renderer.Render(instPath, settings, new RenderOutputs(_dir.Path, "inst-solved-master"), Ffmpeg.Tools);
        output.WriteLine($"main gain {main.LoudnessGainDb:0.00} dB ({main.IntegratedLufs:0.00} LUFS, limiter {main.Distortion!.LimiterMaxGainReductionDb:0.0} dB); instrumental at it {alt.IntegratedLufs:0.00} LUFS; solved {solved.LoudnessGainDb:0.00} dB");
        Assert.True(solved.LoudnessGainDb - main.LoudnessGainDb > 0.5, $"solved {solved.LoudnessGainDb:0.00} dB, main {main.LoudnessGainDb:0.00} dB");
        Assert.Equal(-14, solved.IntegratedLufs!.Value, 0.15);
        Assert.True(alt.IntegratedLufs < -14.5, $"the instrumental at the main gain measures {alt.IntegratedLufs:0.00} LUFS");
        var (fileLufs, _) = Meter(_dir.File("inst-master.wav"));
        Assert.Equal(alt.IntegratedLufs!.Value, fileLufs!.Value, 0.01);
        Assert.True(alt.TruePeakDbtp <= -1 + 0.1, $"{alt.TruePeakDbtp:0.00} dBTP");
    }

    [Fact]
    public void A_fixed_gain_out_of_range_is_refused_before_any_audio_is_written()
    {
        var mixPath = Write("mix.wav", Instrumental(), seconds: 1);
        var e = Assert.Throws<RenderSettingsException>(() =>
            Renderer.Render(mixPath, new RenderSettings(), new RenderOutputs(_dir.Path, "m"), Ffmpeg.Tools, fixedLoudnessGainDb: 48));
        Assert.Contains("+48 dB", e.Message);
        Assert.Throws<RenderSettingsException>(() =>
            Renderer.Render(mixPath, new RenderSettings(), new RenderOutputs(_dir.Path, "m"), Ffmpeg.Tools, fixedLoudnessGainDb: double.NaN));
        Assert.False(File.Exists(_dir.File("m.wav")));
    }

    // ---- 3. Alignment ---------------------------------------------------------------------------------------------------

    [Fact]
    public void An_instrumental_cut_half_a_second_short_is_named_with_its_length()
    {
        var inst = Instrumental();
        var mixPath = Write("mix.wav", Sum(inst, Vocal()));
        var instPath = Write("inst.wav", inst, seconds: Seconds - 0.5);

        var r = AlternateAlignment.Measure(mixPath, instPath, "instrumental", Ffmpeg.Tools);

        Assert.Equal(-24000, r.LengthDifferenceFrames);
        Assert.Equal(-0.5, r.LengthDifferenceSeconds, 9);
        Assert.Equal(0, r.OffsetFrames);
        Assert.False(r.SameLength);
        Assert.False(r.LinesUp);
        Assert.Contains("The instrumental is 0.50 s shorter than the main mix: export it from the same session start to the same end.", r.Verdicts);
        Assert.DoesNotContain(r.Verdicts, s => s.Contains("starts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(576, "The instrumental starts 12 ms later than the main mix")]
    [InlineData(-480, "The instrumental starts 10 ms earlier than the main mix")]
    public void An_instrumental_that_starts_late_or_early_is_placed_to_the_sample(int shift, string verdict)
    {
        var inst = Instrumental();
        var mixPath = Write("mix.wav", Sum(inst, Vocal()));
        var instPath = Write("inst.wav", (c, i) => i - shift >= 0 ? inst(c, i - shift) : 0);

        var r = AlternateAlignment.Measure(mixPath, instPath, "instrumental", Ffmpeg.Tools);
        output.WriteLine($"offset {r.OffsetFrames}, correlation {r.Correlation:0.000}; {string.Join(" ", r.Verdicts)}");

        Assert.NotNull(r.OffsetFrames);
        Assert.InRange(r.OffsetFrames!.Value, shift - 1, shift + 1);
        Assert.True(r.SameLength);
        Assert.False(r.LinesUp);
        Assert.Contains(r.Verdicts, s => s.StartsWith(verdict + ": export it from the same session start", StringComparison.Ordinal));
        // Placed by the offset, the difference is the vocal again (bar the part shifted off either end).
        var vocalLufs = Meter(Write("vocal.wav", Vocal())).Lufs!.Value;
        Assert.Equal(vocalLufs, r.DifferenceLufs!.Value, 1.0);
    }

    [Fact]
    public void An_aligned_instrumental_lines_up_and_its_difference_from_the_main_mix_is_the_vocal()
    {
        var inst = Instrumental();
        var vocal = Vocal();
        var mixPath = Write("mix.wav", Sum(inst, vocal));
        var instPath = Write("inst.wav", inst);
        var vocalPath = Write("vocal.wav", vocal);

        var r = AlternateAlignment.Measure(mixPath, instPath, "instrumental", Ffmpeg.Tools);
        output.WriteLine($"correlation {r.Correlation:0.000}; difference {r.DifferenceLufs:0.00} LUFS; {string.Join(" ", r.Verdicts)}");

        Assert.Equal(0, r.OffsetFrames);
        Assert.Equal(0, r.LengthDifferenceFrames);
        Assert.True(r.LinesUp);
        Assert.False(r.PolarityInverted);
        Assert.Equal((Rate, 2), (r.SampleRateHz, r.Channels));
        var (vocalLufs, _) = Meter(vocalPath);
        Assert.Equal(vocalLufs!.Value, r.DifferenceLufs!.Value, 0.5);
        Assert.Equal(RmsDb(ReadAll(vocalPath).Select(x => (double)x)), r.DifferenceRmsDbfs, 0.05);
        Assert.Equal(Meter(mixPath).Lufs!.Value, r.MainLufs!.Value, 0.01);
        Assert.Equal(Meter(instPath).Lufs!.Value, r.AlternateLufs!.Value, 0.01);
        Assert.Equal("The instrumental lines up with the main mix: the same length and start, to the sample.", r.Verdicts[0]);
        Assert.Contains(r.Verdicts, s => s.StartsWith("What differs between the main mix and the instrumental measures", StringComparison.Ordinal));

        // The main mix sent as the instrumental: nothing differs, and the check says so.
        var same = AlternateAlignment.Measure(mixPath, mixPath, "instrumental", Ffmpeg.Tools);
        Assert.True(same.LinesUp);
        Assert.Null(same.DifferenceLufs);
        Assert.Contains(same.Verdicts, s => s.Contains("is the same as the main mix", StringComparison.Ordinal));

        // Upside down: found at offset 0 with a negative correlation.
        var flippedPath = Write("flipped.wav", (c, i) => -inst(c, i));
        var flipped = AlternateAlignment.Measure(mixPath, flippedPath, "instrumental", Ffmpeg.Tools);
        Assert.Equal(0, flipped.OffsetFrames);
        Assert.True(flipped.PolarityInverted);
        Assert.Contains(flipped.Verdicts, s => s.Contains("polarity is inverted", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alternate_at_another_rate_or_channel_count_is_refused_in_words()
    {
        var mixPath = Write("mix.wav", Sum(Instrumental(), Vocal()), seconds: 2);
        var at44k1 = RenderTestSignals.Write(_dir.File("inst-44k1.wav"), 44100, 2, DenseMixSignals.DenseMix(44100, 0.12));
        var e = Assert.Throws<AlternateAlignmentException>(() => AlternateAlignment.Measure(mixPath, at44k1, "instrumental", Ffmpeg.Tools));
        Assert.Equal(
            "The instrumental is at 44.1 kHz and the main mix at 48 kHz: export the instrumental at 48 kHz from the same session, so the two can be compared sample for sample.",
            e.Message);

        var mono = Write("inst-mono.wav", Instrumental(), seconds: 2, channels: 1);
        e = Assert.Throws<AlternateAlignmentException>(() => AlternateAlignment.Measure(mixPath, mono, "TV mix", Ffmpeg.Tools));
        Assert.StartsWith("The TV mix is mono and the main mix stereo", e.Message);
    }

    [Fact]
    public void An_alternate_that_shares_nothing_with_the_main_mix_cannot_be_placed_and_says_so()
    {
        var mixPath = Write("mix.wav", Sum(Instrumental(), Vocal()), seconds: 4);
        var silentPath = Write("silent.wav", (_, _) => 0, seconds: 4);
        var r = AlternateAlignment.Measure(mixPath, silentPath, Ffmpeg.Tools);
        Assert.Null(r.OffsetFrames);
        Assert.False(r.LinesUp);
        Assert.StartsWith("The alternate could not be placed against the main mix", r.Verdicts[0]);
    }

    // ---- 4. Vinyl: the peak ceiling without the limiter --------------------------------------------------------------

    [Fact]
    public void A_vinyl_render_of_a_dynamic_mix_holds_its_peaks_under_minus_3_dBFS_and_stays_under_minus_12_LUFS()
    {
        var mixPath = Write("mix.wav", Sum(DynamicInstrumental(), Vocal(0.5)));
        var (mixLufs, mixPeak) = Meter(mixPath);
        var vinyl = VinylPremaster.RenderSettingsFor(new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -8 } });
        Assert.Equal(-3, vinyl.Output.PeakCeilingDbfs);
        // The target's gain alone would put the peaks well over the ceiling.
        Assert.True(mixPeak + (-12 - mixLufs!.Value) > -3 + 1, $"mix {mixLufs:0.0} LUFS, peak {mixPeak:0.0} dBFS");

        var result = Renderer.Render(mixPath, vinyl, new RenderOutputs(_dir.Path, "vinyl-master"), Ffmpeg.Tools);

        var (lufs, peak) = Meter(_dir.File("vinyl-master.wav"));
        output.WriteLine($"mix {mixLufs:0.00} LUFS peak {mixPeak:0.00} dBFS; vinyl gain {result.LoudnessGainDb:0.00} dB: {lufs:0.00} LUFS, peak {peak:0.000} dBFS");
        Assert.True(peak <= -3 + 0.01, $"sample peak {peak:0.000} dBFS");
        Assert.True(peak >= -3 - 0.05, $"sample peak {peak:0.000} dBFS: the ceiling, not the target, should set the gain");
        Assert.True(lufs <= -12, $"{lufs:0.00} LUFS");
        // No tone stages in these settings: the gain is the rule's, from the mix itself.
        Assert.Equal(VinylPremaster.LoudnessGainDb(mixLufs.Value, mixPeak, -12), result.LoudnessGainDb, 0.01);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("without the limiter", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("peak ceiling", StringComparison.Ordinal));
    }

    [Fact]
    public void A_vinyl_render_of_a_dense_mix_reaches_its_target_when_the_peaks_stay_under_the_ceiling()
    {
        var mixPath = Write("mix.wav", RenderTestSignals.DenseNoise(-26));
        var vinyl = VinylPremaster.RenderSettingsFor(new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -8 } });
        var result = Renderer.Render(mixPath, vinyl, new RenderOutputs(_dir.Path, "vinyl-master"), Ffmpeg.Tools);
        var (lufs, peak) = Meter(_dir.File("vinyl-master.wav"));
        Assert.Equal(-12, lufs!.Value, 0.05);
        Assert.True(peak < -3.5, $"sample peak {peak:0.00} dBFS");
        Assert.Equal(-12, result.IntegratedLufs!.Value, 0.05);
    }

    [Fact]
    public void The_peak_ceiling_is_part_of_the_settings_document_its_checks_and_its_changes()
    {
        var master = new RenderSettings();
        var vinyl = VinylPremaster.RenderSettingsFor(master);

        // Written only when set: older documents read and write as they were.
        Assert.DoesNotContain("peakCeilingDbfs", master.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"peakCeilingDbfs\": -3", vinyl.ToJson(), StringComparison.Ordinal);
        Assert.Equal(-3, RenderSettings.FromJson(vinyl.ToJson()).Output.PeakCeilingDbfs);

        // With the ceiling the peaks are controlled: no warning about a target without the limiter; without it, the warning.
        Assert.DoesNotContain(RenderSettingsValidator.Warnings(vinyl), w => w.Contains("without the limiter", StringComparison.Ordinal));
        var bare = RenderSettings.FromJson(vinyl.ToJson());
        bare.Output.PeakCeilingDbfs = null;
        Assert.Contains(RenderSettingsValidator.Warnings(bare), w => w.Contains("without the limiter", StringComparison.Ordinal));
        // With the limiter on, the ceiling does nothing and the warnings say so.
        var limited = RenderSettings.FromJson(vinyl.ToJson());
        limited.Limiter.Enabled = true;
        Assert.Contains(RenderSettingsValidator.Warnings(limited), w => w.Contains("-3 dBFS peak ceiling is for masters without the limiter", StringComparison.Ordinal));

        var outOfRange = RenderSettings.FromJson(vinyl.ToJson());
        outOfRange.Output.PeakCeilingDbfs = 1;
        Assert.Contains("Peak ceiling +1 dBFS is outside -24…0 dBFS.", RenderSettingsValidator.Validate(outOfRange));

        var changes = RenderSettingsDiff.Between(master, vinyl);
        Assert.Contains(changes, c => c.Engineer == "Peak ceiling without the limiter: -3.0 dBFS"
            && c.Client == "Without a limiter, the peaks are now held under -3.0 dBFS.");
        Assert.DoesNotContain(changes, c => c.Engineer.Contains("dbfs", StringComparison.Ordinal));
    }
}
