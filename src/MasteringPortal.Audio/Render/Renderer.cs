using System.Diagnostics;
using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dither;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Renders a mix into its deliverables. Streaming throughout: the tone stages run
/// once into a temporary float file, summarised on the way for <see cref="LimitedLoudnessModel"/>; the master
/// is then rendered from that file at the predicted loudness gain and measured as it is written, again only if
/// it misses the target (<see cref="LoudnessSolver"/>); each further deliverable is produced from the same file
/// at its own rate (SRC before the limiter, so conversion cannot create overs) and bit depth. Deterministic: no clocks, no randomness
/// beyond the seeded dither, so the same mix and settings give bit-identical files.
/// </summary>
public static class Renderer
{
    public const int DistributionRateHz = 44100;

    /// <summary>
    /// Renders on the caller's thread (the caller chooses it: a job's worker, the command line). Progress is a
    /// 0-1 fraction over the whole render.
    /// </summary>
    /// <param name="fixedLoudnessGainDb">
    /// The loudness gain to apply instead of solving one: exactly one pass is rendered at it (the limiter, clipper and
    /// everything else as the settings say) and <see cref="RenderResult.LoudnessGainDb"/> is this value. For an alternate
    /// version (instrumental, a cappella, clean, TV mix) mastered with the main master's gain, so it sits against the main
    /// master as its mix sits against the main mix; a new solve would bring the instrumental up to the target instead.
    /// Null (the default): the gain is solved for the settings' loudness target. ±<see cref="LoudnessSolver.MaxGainDb"/> dB at most.
    /// </param>
    public static RenderResult Render(string mixPath, RenderSettings settings, RenderOutputs outputs, AudioTools tools,
        IProgress<double>? progress = null, CancellationToken ct = default, double? fixedLoudnessGainDb = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(tools);
        if (fixedLoudnessGainDb is { } fixedGain && !(Math.Abs(fixedGain) <= LoudnessSolver.MaxGainDb))
            throw new RenderSettingsException($"A fixed loudness gain of {RenderSettingsValidator.Db(fixedGain)} dB is outside -{LoudnessSolver.MaxGainDb:0}…+{LoudnessSolver.MaxGainDb:0} dB; use the gain the main master was rendered with.");
        var clock = Stopwatch.StartNew();
        var info = AudioFile.Probe(mixPath, tools);
        var format = info.Format;
        var problems = RenderSettingsValidator.Validate(settings, format.SampleRateHz, format.Channels);
        if (problems.Count > 0) throw new RenderSettingsException(string.Join(" ", problems));
        if (outputs.Deliverables == 0) throw new RenderSettingsException("Choose at least one deliverable to render.");
        Directory.CreateDirectory(outputs.Directory);

        var warnings = new List<string>(RenderSettingsValidator.Warnings(settings));
        var files = new List<RenderedFile>();
        var masterRate = settings.Output.SampleRateHz ?? format.SampleRateHz;
        var converts = masterRate != format.SampleRateHz
            || (format.SampleRateHz != DistributionRateHz && (outputs.Deliverables & ~Deliverables.Wav24) != 0);
        if (converts && !Dsp.Resampling.ResamplerSettings.CommonRatesHz.Contains(format.SampleRateHz))
            throw new RenderSettingsException($"This mix is at {format.SampleRateHz} Hz; the sample-rate converter takes 44.1, 48, 88.2, 96, 176.4 or 192 kHz. Please export the mix at one of those rates.");
        var tempDir = Path.Combine(outputs.Directory, ".render-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tempDir);
        var phases = new ProgressPhases(progress);
        try
        {
            // The deliverables and their rates. MP3 and AAC are made from the master when it is at 44.1 or 48 kHz (the
            // codecs' rates), else from the 16-bit 44.1 kHz file.
            var wantLossy = (outputs.Deliverables & (Deliverables.Mp3 | Deliverables.Aac)) != 0;
            var lossySourceIsMaster = masterRate is 44100 or 48000;
            var wantFlac = (outputs.Deliverables & Deliverables.Flac) != 0;
            var needMaster = (outputs.Deliverables & Deliverables.Wav24) != 0 || (wantLossy && lossySourceIsMaster) || wantFlac;
            var needWav16 = (outputs.Deliverables & Deliverables.Wav16) != 0 || (wantLossy && !lossySourceIsMaster);
            var wav16Spec = new OutputSpec(DistributionRateHz, 16, Dither: true, settings.Output.NoiseShaping, settings.Output.DitherSeed);
            var masterSpec = needMaster
                ? new OutputSpec(masterRate, settings.Output.BitDepth, settings.Output.Dither && settings.Output.BitDepth != 32,
                    settings.Output.NoiseShaping, settings.Output.DitherSeed)
                : wav16Spec;
            var masterPath = (outputs.Deliverables & Deliverables.Wav24) != 0 ? outputs.MasterPath : Path.Combine(tempDir, "master.wav");
            var wav16Path = (outputs.Deliverables & Deliverables.Wav16) != 0 ? outputs.Wav16Path : Path.Combine(tempDir, "master16.wav");
            var bext = needMaster ? MasterBext(masterSpec, format.Channels) : null;

            // 1. Tone stages → float file (the pre-limiter signal), summarised on the way. Its rate is the mix's, except
            // when every output pass writes one other rate and the clipper is off: the clipper is the one nonlinear stage
            // between the loudness gain and the rate conversion, so without it the conversion commutes with the gain and
            // is done once here, instead of in every pass of the solver and again in each pass's gain-only twin.
            var passRates = needMaster && needWav16 ? new[] { masterSpec.RateHz, wav16Spec.RateHz } : [masterSpec.RateHz];
            var tonedRate = settings.Clipper is not { Enabled: true } && passRates.Distinct().Count() == 1 ? passRates[0] : format.SampleRateHz;
            var toned = new TonedSignal(Path.Combine(tempDir, "toned.f32"), tonedRate, format.Channels);
            var (model, tonedSamplePeakDbfs) = RenderToneStages(mixPath, tools, settings, toned, info.LengthFrames, phases.Range(0, 0.30), ct);

            // 2. The master (or, without one, the 16-bit file) rendered at the solved loudness gain: the pass that
            // lands within tolerance is the file.
            // Without the limiter, a peak ceiling is held on the master's samples: at the toned signal's rate those are its
            // samples times the gain; a rate conversion draws new samples along the waveform, which the true peak follows.
            var prePeakDbfs = masterSpec.RateHz == toned.RateHz ? tonedSamplePeakDbfs : Math.Max(tonedSamplePeakDbfs, model.TruePeakDbtp);
            var (gainDb, measured) = fixedLoudnessGainDb is { } fixedGainDb
                ? RenderAtGain(toned, settings, masterSpec, bext, format.Channels, fixedGainDb, needMaster ? masterPath : wav16Path,
                    tempDir, phases.Range(0.30, 0.85), ct)
                : RenderSolved(toned, settings, masterSpec, bext, format.Channels, model, prePeakDbfs, needMaster ? masterPath : wav16Path,
                    tempDir, warnings, phases.Range(0.30, 0.85), ct);
            if (settings.Limiter is not { Enabled: true } && settings.Output.PeakCeilingDbfs is { } peakCeiling && measured.SamplePeakDbfs > peakCeiling + 0.01)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The master peaks at {measured.SamplePeakDbfs:0.00} dBFS, above its {peakCeiling:0.##} dBFS peak ceiling")
                    + (fixedLoudnessGainDb is not null ? ": the fixed loudness gain puts it there; render it a little quieter."
                        : masterSpec.RateHz != format.SampleRateHz ? " (the sample-rate conversion raised the peaks): render it at the mix's rate, or set the ceiling a little lower."
                        : "; set the ceiling a little lower."));

            OutputMeasurement? masterMeasure = null;
            if (needMaster)
            {
                masterMeasure = measured;
                // The bext chunk precedes the audio: written with the loudness fields unset, filled in once measured.
                BextLoudness.Fill(masterPath, bext! with
                {
                    LoudnessValueLufs = measured.IntegratedLufs,
                    LoudnessRangeLu = measured.LoudnessRangeLu,
                    MaxTruePeakLevelDbtp = measured.TruePeakDbtp,
                    MaxMomentaryLoudnessLufs = measured.MaxMomentaryLufs,
                    MaxShortTermLoudnessLufs = measured.MaxShortTermLufs,
                });
                if ((outputs.Deliverables & Deliverables.Wav24) != 0)
                    files.Add(new RenderedFile(Deliverables.Wav24, masterPath, measured.IntegratedLufs, measured.TruePeakDbtp));
            }

            OutputMeasurement? wav16Measure = needMaster ? null : measured;
            if (needWav16 && needMaster)
            {
                using var writer = new WavWriter(wav16Path, PcmFormat(wav16Spec, format.Channels));
                // Only a copy of the master at CD resolution: the distortion is reported from the master's pass.
                wav16Measure = RenderOutput(toned, settings, wav16Spec, gainDb, writer, phases.Range(0.85, 0.92), ct, measureDistortion: false);
                writer.Complete();
            }
            if ((outputs.Deliverables & Deliverables.Wav16) != 0)
                files.Add(new RenderedFile(Deliverables.Wav16, wav16Path, wav16Measure!.IntegratedLufs, wav16Measure.TruePeakDbtp));

            var lossySource = lossySourceIsMaster ? masterPath : wav16Path;
            foreach (var kind in new[] { Deliverables.Mp3, Deliverables.Aac })
            {
                if ((outputs.Deliverables & kind) == 0) continue;
                ct.ThrowIfCancellationRequested();
                var file = LossyDeliverable.Encode(lossySource, kind, kind == Deliverables.Mp3 ? outputs.Mp3Path : outputs.AacPath, tools, ct);
                files.Add(file);
                if (LossyDeliverable.CodecCheck(file) is { } warning) warnings.Add(warning);
            }
            if (wantFlac)
            {
                // Lossless: the FLAC decodes to the master's samples, so the master's measurement is the FLAC's.
                ct.ThrowIfCancellationRequested();
                FfmpegEncoder.Encode(masterPath, outputs.FlacPath, EncodeSettings.Flac(masterSpec.BitDepth == 16 ? 16 : 24), tools, ct);
                files.Add(new RenderedFile(Deliverables.Flac, outputs.FlacPath, masterMeasure!.IntegratedLufs, masterMeasure.TruePeakDbtp));
            }
            phases.Report(1);

            var main = masterMeasure ?? wav16Measure!;
            var distortion = Distortion(main, model);
            // At a fixed gain the target was the main master's to reach: its render gave the advice about it.
            if (fixedLoudnessGainDb is null && LoudnessAdvice.Warning(settings, distortion, main.IntegratedLufs) is { } advice) warnings.Add(advice);
            return new RenderResult(main.IntegratedLufs, main.LoudnessRangeLu, main.TruePeakDbtp, gainDb, clock.Elapsed, files, warnings, distortion);
        }
        finally
        {
            try { Directory.Delete(tempDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The loudness gain of a master without the limiter: to the target (<paramref name="targetGainDb"/>: the target
    /// minus the processed mix's loudness; 0 without a target), but never so far that the loudest sample passes
    /// <paramref name="peakCeilingDbfs"/>, since nothing after the gain would catch it. <paramref name="peakDbfs"/> is the
    /// processed mix's peak before the gain. Without a ceiling the target gain is applied as it is.
    /// </summary>
    public static double UnlimitedLoudnessGainDb(double targetGainDb, double peakDbfs, double? peakCeilingDbfs) =>
        peakCeilingDbfs is { } ceiling ? Math.Min(targetGainDb, ceiling - peakDbfs) : targetGainDb;

    /// <summary>
    /// Renders <paramref name="spec"/> to <paramref name="path"/> at <paramref name="gainDb"/>, in one pass, no solve (an
    /// alternate version at the main master's gain).
    /// </summary>
    private static (double GainDb, OutputMeasurement Measured) RenderAtGain(TonedSignal toned, RenderSettings settings, OutputSpec spec,
        BextChunk? bext, int channels, double gainDb, string path, string tempDir, Action<double> progress, CancellationToken ct)
    {
        var file = Path.Combine(tempDir, "pass-fixed.wav");
        OutputMeasurement measured;
        using (var writer = new WavWriter(file, PcmFormat(spec, channels), bext))
        {
            measured = RenderOutput(toned, settings, spec, gainDb, writer, progress, ct);
            writer.Complete();
        }
        progress(1);
        File.Move(file, path, overwrite: true);
        return (gainDb, measured);
    }

    /// <summary>
    /// Renders <paramref name="spec"/> to <paramref name="path"/> at the loudness gain that reaches the target: the
    /// model's prediction places the first pass, which is measured as it is written; only a pass that misses
    /// the tolerance is followed by another (<see cref="LoudnessSolver"/>). The best pass is kept. Without the limiter
    /// the gain is worked out, not solved (<see cref="UnlimitedLoudnessGainDb"/>, from <paramref name="prePeakDbfs"/>).
    /// </summary>
    private static (double GainDb, OutputMeasurement Measured) RenderSolved(TonedSignal toned, RenderSettings settings, OutputSpec spec,
        BextChunk? bext, int channels, LimitedLoudnessModel model, double prePeakDbfs, string path, string tempDir, List<string> warnings,
        Action<double> progress, CancellationToken ct)
    {
        var passes = new Dictionary<double, (string File, OutputMeasurement Measured)>();
        var passProgress = progress;
        OutputMeasurement Pass(double gainDb)
        {
            if (passes.TryGetValue(gainDb, out var done)) return done.Measured;
            var file = Path.Combine(tempDir, $"pass-{passes.Count}.wav");
            using var writer = new WavWriter(file, PcmFormat(spec, channels), bext);
            var measured = RenderOutput(toned, settings, spec, gainDb, writer, passProgress, ct);
            writer.Complete();
            passes[gainDb] = (file, measured);
            // A further pass is the exception: it fills what is left of the range.
            passProgress = _ => { };
            return measured;
        }

        double gain;
        var unlimited = model.UnlimitedLufs;
        // The peak ceiling holds only without the limiter (null otherwise: the gain is as before).
        var peakCeiling = settings.Limiter is not { Enabled: true } ? settings.Output.PeakCeilingDbfs : null;
        if (settings.Loudness is not { } target) gain = UnlimitedLoudnessGainDb(0, prePeakDbfs, peakCeiling);
        else if (unlimited is null)
        {
            warnings.Add("The mix is too quiet to measure (silence): no loudness gain was applied.");
            gain = UnlimitedLoudnessGainDb(0, prePeakDbfs, peakCeiling);
        }
        else if (settings.Limiter is not { Enabled: true, Settings: { } limiter })
            gain = UnlimitedLoudnessGainDb(target.TargetLufs - unlimited.Value, prePeakDbfs, peakCeiling);
        else
        {
            double? clipLevel = settings.Clipper is { Enabled: true, Settings: { } clipper }
                ? Math.Pow(10, (limiter.CeilingDbtp + clipper.EffectiveThresholdDb) / 20) : null;
            var solved = LoudnessSolver.Solve(g => Pass(g).IntegratedLufs, target.TargetLufs, g => model.Predict(g, limiter, clipLevel));
            if (!solved.Converged)
                warnings.Add($"The loudness target {RenderSettingsValidator.Db(target.TargetLufs)} LUFS could not be reached exactly under the ceiling: the master measures {solved.MeasuredLufs:0.0} LUFS."
                    + (clipLevel is null && solved.MeasuredLufs < target.TargetLufs ? " Turn the clipper on to share the work with the limiter and go louder." : ""));
            gain = solved.GainDb;
        }
        Pass(gain);
        progress(1);
        var (kept, measuredKept) = passes[gain];
        File.Move(kept, path, overwrite: true);
        return (gain, measuredKept);
    }

    private static RenderDistortion? Distortion(OutputMeasurement master, LimitedLoudnessModel model)
    {
        if (master.Work is not { } work) return null;
        double? before = model.UnlimitedLufs is { } lufs && double.IsFinite(model.TruePeakDbtp) ? model.TruePeakDbtp - lufs : null;
        double? after = master.IntegratedLufs is { } m && double.IsFinite(master.TruePeakDbtp) ? master.TruePeakDbtp - m : null;
        return new RenderDistortion(work.Added?.ThdPlusNoiseDb, work.Added?.LevelReductionDb, work.LimiterMaxGainReductionDb,
            work.ClipperUsed, work.ClipperMaxOverDb, before, after);
    }

    private static BextChunk MasterBext(OutputSpec spec, int channels) => new()
    {
        Description = "Mastered with MasteringPortal",
        Originator = "MasteringPortal",
        CodingHistory = $"A=PCM,F={spec.RateHz},W={spec.BitDepth},M={(channels == 2 ? "stereo" : "mono")},T=MasteringPortal\r\n",
    };

    private static PcmWriteFormat PcmFormat(OutputSpec spec, int channels) =>
        spec.BitDepth == 32 ? PcmWriteFormat.Float32(spec.RateHz, channels) : new PcmWriteFormat(spec.RateHz, channels, spec.BitDepth);

    /// <summary>
    /// Mix → tone stages (→ the rate conversion, when <paramref name="toned"/> is at another rate) → float file; returns
    /// the limiter model's summary of that signal and its sample peak (dBFS).
    /// </summary>
    private static (LimitedLoudnessModel Model, double SamplePeakDbfs) RenderToneStages(string mixPath, AudioTools tools, RenderSettings settings,
        TonedSignal toned, long? lengthFrames, Action<double> progress, CancellationToken ct)
    {
        using var source = AudioFile.OpenRead(mixPath, tools);
        var f = source.Format;
        var chain = new MasteringChain(settings, f.SampleRateHz, f.Channels,
            new ChainOptions(OutputRateHz: toned.RateHz, IncludeLimiter: false));
        var model = new LimitedLoudnessModel(toned.RateHz, f.Channels);
        using var writer = new FloatScratchFile.Writer(toned.Path);
        var sink = new InterleavingSink(f.Channels, writer.Write);
        // Decoding and the tone processors here; the limiter model's summary and the scratch file on a second core.
        var peak = 0f;
        using var consumer = new BlockPipeline(block =>
        {
            model.Add(block);
            for (var c = 0; c < block.ChannelCount && block.Frames > 0; c++)
                peak = Math.Max(peak, System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<float>(block.Channel(c)));
            sink.Accept(block);
        }, BlockPipeline.Worthwhile);
        Stream(source, chain, consumer.Post, lengthFrames, progress, ct);
        consumer.Complete();
        return (model, 20 * Math.Log10(Math.Abs((double)peak)));
    }

    /// <summary>
    /// Toned file → loudness gain → SRC → limiter → dither → (writer); measured after quantisation, and with
    /// <paramref name="measureDistortion"/> the distortion the clipper and limiter added (<see cref="DistortionProbe"/>).
    /// </summary>
    private static OutputMeasurement RenderOutput(TonedSignal toned, RenderSettings settings, OutputSpec spec, double gainDb,
        AudioFileWriter? writer, Action<double> progress, CancellationToken ct, bool measureDistortion = true)
    {
        using var source = toned.Open();
        var f = source.Format;
        var chain = new MasteringChain(settings, f.SampleRateHz, f.Channels,
            new ChainOptions(OutputRateHz: spec.RateHz, LoudnessGainDb: gainDb, IncludeTone: false));
        var dither = spec.Dither ? new TpdfDither(new DitherSettings(spec.BitDepth, spec.Shaping, spec.Seed), spec.RateHz, f.Channels) : null;
        var meter = new LoudnessMeter(spec.RateHz, f.Channels, new LoudnessMeterOptions(TruePeak: true, Series: false));
        var sink = new InterleavingSink(f.Channels, interleaved => { writer?.Write(interleaved); meter.AddFrames(interleaved); });
        var probe = measureDistortion ? new DistortionProbe(settings, f.SampleRateHz, spec.RateHz, f.Channels, gainDb) : null;
        // Gain, SRC and the limiter here; dither, writing the file and metering it on a second core (measured on
        // the benchmark's chain: the two sides then take about as long as each other).
        using var consumer = new BlockPipeline(block =>
        {
            if (dither is not null) dither.Quantise(block);
            else if (spec.BitDepth != 32) RoundToGrid(block, spec.BitDepth);
            sink.Accept(block);
        }, BlockPipeline.Worthwhile);
        Stream(source, chain, block => { probe?.Master(block); consumer.Post(block); }, source.LengthFrames, progress, ct, probe);
        consumer.Complete();
        var work = probe is null ? null : new ChainWork(probe.Result(), -(chain.Limiter?.MaxGainReductionDb ?? 0),
            chain.Clipper?.Engaged ?? false, chain.Clipper?.MaxOverClipLevelDb ?? 0);
        return new OutputMeasurement(meter.IntegratedLufs, meter.LoudnessRangeLu, meter.TruePeakDbtp, meter.MaxMomentaryLufs, meter.MaxShortTermLufs,
            meter.SamplePeakDbfs, work);
    }

    /// <summary>Undithered quantisation (dither off): the same rounding the writer does, done first so the meter reads the file's samples.</summary>
    private static void RoundToGrid(AudioBlock block, int bitDepth)
    {
        var scale = (double)(1L << (bitDepth - 1));
        for (var c = 0; c < block.ChannelCount; c++)
        {
            var s = block.Channel(c);
            for (var i = 0; i < s.Length; i++)
                s[i] = (float)(Math.Clamp(Math.Round(s[i] * scale, MidpointRounding.AwayFromZero), -scale, scale - 1) / scale);
        }
    }

    private static void Stream(IAudioSource source, MasteringChain chain, Action<AudioBlock> sink, long? lengthFrames,
        Action<double> progress, CancellationToken ct, DistortionProbe? probe = null)
    {
        var channels = source.Format.Channels;
        var interleaved = new float[MasteringChain.BlockFrames * channels];
        var block = new AudioBlock(channels, MasteringChain.BlockFrames);
        long done = 0;
        int frames;
        while ((frames = source.Read(interleaved)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            block.Deinterleave(interleaved, frames);
            probe?.Input(block);
            chain.Process(block, sink);
            done += frames;
            if (lengthFrames is > 0) progress(Math.Min(1.0, done / (double)lengthFrames.Value));
        }
        probe?.Flush();
        chain.Flush(sink);
        progress(1.0);
    }

    /// <summary>The tone stages' output, kept for the output passes (<see cref="FloatScratchFile"/>).</summary>
    private sealed record TonedSignal(string Path, int RateHz, int Channels)
    {
        public FloatScratchFile.Reader Open() => new(Path, RateHz, Channels);
    }

    private sealed record OutputSpec(int RateHz, int BitDepth, bool Dither, NoiseShaping Shaping, ulong Seed);

    private sealed record OutputMeasurement(double? IntegratedLufs, double? LoudnessRangeLu, double TruePeakDbtp,
        double? MaxMomentaryLufs, double? MaxShortTermLufs, double SamplePeakDbfs, ChainWork? Work = null);

    /// <summary>Planar block → one reused interleaved buffer → a consumer (writer, meter).</summary>
    private delegate void InterleavedConsumer(ReadOnlySpan<float> interleaved);

    private sealed class InterleavingSink(int channels, InterleavedConsumer consume)
    {
        private float[] _buffer = [];

        public void Accept(AudioBlock block)
        {
            var n = block.Frames * channels;
            if (_buffer.Length < n) _buffer = new float[n];
            block.Interleave(_buffer);
            consume(_buffer.AsSpan(0, n));
        }
    }

    /// <summary>Maps each phase's 0-1 fraction onto its share of the whole render's 0-1.</summary>
    private sealed class ProgressPhases(IProgress<double>? progress)
    {
        private double _last = -1;

        public Action<double> Range(double from, double to) => fraction => Report(from + (to - from) * fraction);

        /// <summary>Reports steps of half a percent or more (and the end), so a listener is not flooded.</summary>
        public void Report(double fraction)
        {
            if (progress is null || fraction - _last < 0.005 && fraction < 1) return;
            _last = fraction;
            progress.Report(fraction);
        }
    }
}
