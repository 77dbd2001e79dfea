using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Stereo;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Album;

/// <summary>
/// The vinyl pre-master (docs/ALBUM.md, "Vinyl"): the settings engineers use for the master a lacquer is cut from. No
/// brickwall limiting (the cutting engineer sets the level, and a limited master's flattened peaks and distortion are
/// what cuts worst), no hotter than −12 LUFS with peaks under −3 dBFS, bass in mono below a set frequency
/// (<see cref="VinylMonoBass"/>), and a check for extreme high frequencies (<see cref="VinylSibilanceCheck"/>).
/// </summary>
public static class VinylPremaster
{
    /// <summary>The loudest integrated loudness a vinyl pre-master is given (LUFS).</summary>
    public const double MaxLufs = -12;

    /// <summary>The highest sample peak a vinyl pre-master is given (dBFS): room for the cutting engineer's own processing.</summary>
    public const double PeakCeilingDbfs = -3;

    /// <summary>Bass in mono below this frequency by default (Hz): where out-of-phase bass makes the groove's vertical excursion.</summary>
    public const double DefaultMonoBassHz = 100;

    /// <summary>
    /// The vinyl variant of a track's render settings: the same tone processing, with the true-peak limiter and the clipper
    /// off (no brickwall limiting), the loudness target no hotter than <paramref name="maxLufs"/>, the sample peaks held
    /// under <paramref name="peakCeilingDbfs"/> (<see cref="OutputSettings.PeakCeilingDbfs"/>), and at least 24-bit output.
    /// The document is copied; <paramref name="master"/> is left as it was.
    /// </summary>
    /// <remarks>
    /// With the limiter off nothing catches a peak, so the renderer applies the loudness gain up to the target only as far
    /// as the ceiling allows (<see cref="LoudnessGainDb"/>): a dynamic track comes out quieter than the target rather than
    /// over the ceiling. Without a loudness target the gain is 0 dB, lowered when the peaks would pass the ceiling. The
    /// side renderer still measures the peak of what it writes and says so when it is above the ceiling (a master made
    /// with other settings, or a crossfade adding two tracks' peaks).
    /// </remarks>
    public static RenderSettings RenderSettingsFor(RenderSettings master, double maxLufs = MaxLufs, double peakCeilingDbfs = PeakCeilingDbfs)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (!(maxLufs is >= -36 and <= -5)) throw new ArgumentOutOfRangeException(nameof(maxLufs), maxLufs, "The loudness limit must be between -36 and -5 LUFS.");
        if (!(peakCeilingDbfs is >= RenderSettingsValidator.MinPeakCeilingDbfs and <= 0))
            throw new ArgumentOutOfRangeException(nameof(peakCeilingDbfs), peakCeilingDbfs, "The peak ceiling must be between -24 and 0 dBFS.");
        var vinyl = RenderSettings.FromJson(master.ToJson());
        vinyl.Limiter.Enabled = false;
        vinyl.Clipper.Enabled = false; // a clipper is brickwall limiting too (and the chain only runs it with the limiter)
        if (vinyl.Loudness is { } target && target.TargetLufs > maxLufs)
            vinyl.Loudness = new LoudnessTarget { CustomLufs = maxLufs };
        if (vinyl.Output.BitDepth < 24) vinyl.Output.BitDepth = 24;
        vinyl.Output.PeakCeilingDbfs = peakCeilingDbfs;
        return vinyl;
    }

    /// <summary>
    /// The loudness gain of a vinyl pre-master: up (or down) to <paramref name="targetLufs"/>, but never so far that the
    /// peaks pass <paramref name="peakCeilingDbfs"/>, since no limiter will catch them. The inputs are the processed track
    /// before any loudness gain. The renderer's rule (<see cref="Renderer.UnlimitedLoudnessGainDb"/>), which applies it
    /// to settings from <see cref="RenderSettingsFor"/>.
    /// </summary>
    public static double LoudnessGainDb(double unlimitedLufs, double unlimitedPeakDbfs, double targetLufs, double peakCeilingDbfs = PeakCeilingDbfs) =>
        Renderer.UnlimitedLoudnessGainDb(targetLufs - unlimitedLufs, unlimitedPeakDbfs, peakCeilingDbfs);
}

/// <summary>
/// Bass in mono below a set frequency, as a cutting room's elliptical equaliser does: the side signal (L−R)/2 is
/// high-passed by a 4th-order Linkwitz-Riley filter (24 dB/oct; −6 dB at the corner, −24.6 dB an octave below it, −0.5 dB
/// an octave above), the mid (L+R)/2 keeps its level at every frequency. The mid passes the Linkwitz-Riley all-pass of
/// the same corner, so mid and side keep one phase and the stereo image above the corner is unchanged (a hard-panned
/// sound above the corner stays where it was; below it, it moves to the centre at half level per side). The engine's
/// <see cref="StereoImager"/> does the filtering. Why: out-of-phase bass is cut as large vertical groove movement, which
/// lifts the cutting stylus and makes the playback stylus skip. Stereo only; no latency.
/// </summary>
public sealed class VinylMonoBass
{
    public const double MinHz = 40;
    public const double MaxHz = 300;
    const int BlockFrames = 8192;

    readonly StereoImager _imager;
    readonly AudioBlock _block = new(2, BlockFrames);

    public VinylMonoBass(int sampleRateHz, double belowHz = VinylPremaster.DefaultMonoBassHz)
    {
        if (!(belowHz is >= MinHz and <= MaxHz))
            throw new ArgumentOutOfRangeException(nameof(belowHz), belowHz, $"Mono bass is set between {MinHz:0} and {MaxHz:0} Hz.");
        SampleRateHz = sampleRateHz;
        BelowHz = belowHz;
        _imager = new StereoImager(new StereoImagerSettings { MonoBelowHz = belowHz }, sampleRateHz, 2);
    }

    public int SampleRateHz { get; }

    public double BelowHz { get; }

    /// <summary>The designed change of the side signal at <paramref name="frequencyHz"/>, dB (the mid's is 0 dB everywhere).</summary>
    public double SideResponseDb(double frequencyHz) =>
        BiquadResponse.MagnitudeDb(LinkwitzRileyDesign.HighPass(SampleRateHz, BelowHz), frequencyHz, SampleRateHz);

    /// <summary>Filters interleaved stereo float samples in place; state carries on to the next call.</summary>
    public void Process(Span<float> interleavedStereo)
    {
        if (interleavedStereo.Length % 2 != 0) throw new ArgumentException("Stereo samples come in pairs.", nameof(interleavedStereo));
        while (!interleavedStereo.IsEmpty)
        {
            var frames = Math.Min(BlockFrames, interleavedStereo.Length / 2);
            var chunk = interleavedStereo[..(frames * 2)];
            _block.Deinterleave(chunk, frames);
            _imager.Process(_block);
            _block.Interleave(chunk);
            interleavedStereo = interleavedStereo[(frames * 2)..];
        }
    }

    public void Reset() => _imager.Reset();
}

/// <summary>
/// Thresholds of the high-frequency check. The defaults flag a 50 ms window whose content above 5 kHz is at least
/// −18 dBFS RMS and at least a quarter (−6 dB) of the window's energy: sibilance or a cymbal crash standing out of the
/// music. The RIAA recording curve raises 5 kHz by 8 dB, 8 kHz by 12 dB and 10 kHz by 14 dB against 1 kHz, so such a
/// passage drives the cutting head about as hard as a full-band signal at −10 to −4 dBFS: where cutting amplifiers'
/// high-frequency limiters act and playback styli mistrack (docs/ALBUM.md, "Vinyl").
/// </summary>
/// <param name="CornerHz">The band checked starts here (4th-order Butterworth high-pass).</param>
/// <param name="WindowSeconds">Length of each measured window.</param>
/// <param name="HfLevelDbfs">A window is hot from this RMS level of the band (dBFS, a full-scale square wave = 0).</param>
/// <param name="HfShareDb">… and when the band holds at least this share of the window's energy (dB; −6 dB = a quarter).</param>
/// <param name="MergeGapSeconds">Hot windows this close together are one passage.</param>
public sealed record VinylSibilanceOptions(
    double CornerHz = 5000,
    double WindowSeconds = 0.05,
    double HfLevelDbfs = -18,
    double HfShareDb = -6,
    double MergeGapSeconds = 0.1);

/// <summary>A passage with extreme high frequencies, in seconds from the start of what was checked.</summary>
/// <param name="HfLevelDbfs">The band's highest window RMS level in the passage (dBFS).</param>
/// <param name="HfShareDb">The band's highest share of a window's energy in the passage (dB).</param>
/// <param name="HfPeakDbfs">The band's highest sample peak in the passage (dBFS).</param>
public sealed record VinylHotPassage(double StartSeconds, double EndSeconds, double HfLevelDbfs, double HfShareDb, double HfPeakDbfs);

/// <summary>The passages found and a sentence about them for the musician.</summary>
public sealed record VinylSibilanceReport(IReadOnlyList<VinylHotPassage> Passages, string Summary)
{
    public bool Clean => Passages.Count == 0;

    /// <summary>"High frequencies … are hot for vinyl at 1:12 and 2:40; …", each passage named by <paramref name="where"/>.</summary>
    public static string Describe(IReadOnlyList<VinylHotPassage> passages, Func<VinylHotPassage, string> where)
    {
        if (passages.Count == 0) return "No passage has high frequencies hot enough to trouble the cut.";
        const int named = 6;
        var places = passages.Select(where).Distinct().ToList();
        var list = places.Take(named).ToList();
        var text = list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
        if (places.Count > named) text = string.Join(", ", list) + $" and {places.Count - named} more";
        return $"High frequencies (sibilance, cymbals) are hot for vinyl at {text}; a de-esser on {(places.Count == 1 ? "that passage" : "those passages")} is advised.";
    }
}

/// <summary>
/// Finds passages with extreme high frequencies (sibilance, bright cymbals) in a stream of float samples, window by
/// window (<see cref="VinylSibilanceOptions"/>): the energy above the corner against the whole band, and the band's
/// level and peak. Memory does not grow with the length checked beyond the passages found. A check, not a processor:
/// it offers the engineer a de-esser on the passages it names.
/// </summary>
public sealed class VinylSibilanceCheck
{
    readonly VinylSibilanceOptions _options;
    readonly int _channels;
    readonly int _window;
    readonly int _gapWindows;
    readonly BiquadCascade[] _highPass;
    readonly double[][] _band;
    readonly List<VinylHotPassage> _passages = [];
    double _hfEnergy, _energy, _hfPeak;
    int _fill;
    long _windowIndex, _frames; // windows closed, frames checked
    // The passage being built: first and last hot window, and its highest figures.
    long _openFirst = -1, _openLast = -1;
    double _openLevel, _openShare, _openPeak;
    VinylSibilanceReport? _report;

    public VinylSibilanceCheck(int sampleRateHz, int channels, VinylSibilanceOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _options = options ?? new VinylSibilanceOptions();
        if (!(_options.CornerHz > 0 && _options.CornerHz < sampleRateHz / 2.0))
            throw new ArgumentOutOfRangeException(nameof(options), _options.CornerHz, "The checked band must start below half the sample rate.");
        if (!(_options.WindowSeconds is >= 0.005 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), _options.WindowSeconds, "The window is between 5 ms and 1 s.");
        SampleRateHz = sampleRateHz;
        _channels = channels;
        _window = Math.Max(1, (int)Math.Round(_options.WindowSeconds * sampleRateHz));
        _gapWindows = (int)Math.Round(Math.Max(0, _options.MergeGapSeconds) / _options.WindowSeconds);
        var design = ButterworthDesign.HighPass(sampleRateHz, _options.CornerHz, 4);
        _highPass = Enumerable.Range(0, channels).Select(_ => new BiquadCascade(design)).ToArray();
        _band = Enumerable.Range(0, channels).Select(_ => new double[4096]).ToArray();
    }

    public int SampleRateHz { get; }

    /// <summary>Checks <paramref name="interleaved"/> samples, following on from the previous call.</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        if (_report is not null) throw new InvalidOperationException("The check has been read; start a new one.");
        var channels = _channels;
        while (!interleaved.IsEmpty)
        {
            var frames = Math.Min(_band[0].Length, interleaved.Length / channels);
            if (frames == 0) break;
            for (var c = 0; c < channels; c++)
            {
                var band = _band[c].AsSpan(0, frames);
                for (var i = 0; i < frames; i++) band[i] = interleaved[i * channels + c];
                _highPass[c].Process(band);
            }
            for (var i = 0; i < frames; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    double x = interleaved[i * channels + c], h = _band[c][i];
                    _energy += x * x;
                    _hfEnergy += h * h;
                    if (Math.Abs(h) > _hfPeak) _hfPeak = Math.Abs(h);
                }
                _frames++;
                if (++_fill == _window) CloseWindow();
            }
            interleaved = interleaved[(frames * channels)..];
        }
    }

    /// <summary>The passages found, once everything has been added (the last partial window counts).</summary>
    public VinylSibilanceReport Result()
    {
        if (_report is not null) return _report;
        if (_fill > 0) CloseWindow();
        ClosePassage();
        return _report = new VinylSibilanceReport(_passages, VinylSibilanceReport.Describe(_passages, p => VinylSides.Clock(Math.Floor(p.StartSeconds))));
    }

    /// <summary>Checks a whole signal at once.</summary>
    public static VinylSibilanceReport Check(ReadOnlySpan<float> interleaved, int channels, int sampleRateHz, VinylSibilanceOptions? options = null)
    {
        var check = new VinylSibilanceCheck(sampleRateHz, channels, options);
        check.Add(interleaved);
        return check.Result();
    }

    void CloseWindow()
    {
        var samples = (double)_fill * _channels;
        var levelDb = _hfEnergy > 0 ? 10 * Math.Log10(_hfEnergy / samples) : double.NegativeInfinity;
        var shareDb = _energy > 0 && _hfEnergy > 0 ? 10 * Math.Log10(_hfEnergy / _energy) : double.NegativeInfinity;
        var hot = levelDb >= _options.HfLevelDbfs && shareDb >= _options.HfShareDb;
        if (hot)
        {
            if (_openFirst >= 0 && _windowIndex - _openLast - 1 > _gapWindows) ClosePassage();
            if (_openFirst < 0)
            {
                _openFirst = _windowIndex;
                _openLevel = _openShare = _openPeak = double.NegativeInfinity;
            }
            _openLast = _windowIndex;
            _openLevel = Math.Max(_openLevel, levelDb);
            _openShare = Math.Max(_openShare, shareDb);
            _openPeak = Math.Max(_openPeak, 20 * Math.Log10(_hfPeak));
        }
        _windowIndex++;
        _fill = 0;
        _energy = _hfEnergy = _hfPeak = 0;
    }

    void ClosePassage()
    {
        if (_openFirst < 0) return;
        // The last window may be partial: the passage ends with what was checked.
        var start = (double)_openFirst * _window / SampleRateHz;
        var end = (double)Math.Min((_openLast + 1) * _window, _frames) / SampleRateHz;
        _passages.Add(new VinylHotPassage(start, end, _openLevel, _openShare, _openPeak));
        _openFirst = _openLast = -1;
    }
}

/// <summary>One side to make: the album's tracks (all of them, in order, as for <see cref="AlbumRenderer"/>) and the side from the plan.</summary>
/// <param name="MonoBassBelowHz">Bass in mono below this frequency; 0: the side is left in stereo all the way down.</param>
public sealed record VinylSideRequest(
    IReadOnlyList<AlbumInput> AlbumTracks,
    VinylSide Side,
    string OutputPath,
    double MonoBassBelowHz = VinylPremaster.DefaultMonoBassHz,
    VinylSibilanceOptions? Sibilance = null,
    double MaxLufs = VinylPremaster.MaxLufs,
    double PeakCeilingDbfs = VinylPremaster.PeakCeilingDbfs);

/// <summary>What was written for a side, what it measures, and notes for the engineer (empty when nothing needs a look).</summary>
/// <param name="Timeline">The side as laid out: its tracks numbered from 1 on the side.</param>
/// <param name="IntegratedLufs">The side's integrated loudness as written (null for silence).</param>
/// <param name="SamplePeakDbfs">The side's highest sample as written, after the mono bass.</param>
public sealed record VinylSideResult(VinylSide Side, AlbumTimeline Timeline, double? IntegratedLufs, double SamplePeakDbfs,
    VinylSibilanceReport Sibilance, IReadOnlyList<string> Notes);

/// <summary>
/// Writes one side of a record as its own 24-bit WAV at the masters' rate, as cutting rooms take them: only that side's
/// tracks, assembled by <see cref="AlbumAssembler"/> with the album's pauses, crossfades, fades, trims and level changes
/// between them, no pause before the first track (the lead-in groove is the lathe's) and no CD frame rounding; the bass
/// put in mono (<see cref="VinylMonoBass"/>); checked for extreme high frequencies on the way. Plain rounding to 24 bits,
/// as the album programme. The file appears under its name only when complete (the WAV writer writes beside it and
/// renames). A crossfade across the side break cannot be kept: the track before the break plays to its end, the one
/// after starts on its own, and the notes say so.
/// </summary>
public static class VinylSideRenderer
{
    const int BlockFrames = 8192;

    public static VinylSideResult Render(VinylSideRequest request, AudioTools tools, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var side = request.Side;
        var album = request.AlbumTracks;
        if (side.TrackNumbers.Count == 0) throw new AlbumTimelineException($"Side {side.Label} has no tracks.");
        for (var i = 0; i < side.TrackNumbers.Count; i++)
        {
            var n = side.TrackNumbers[i];
            if (n < 1 || n > album.Count || (i > 0 && n != side.TrackNumbers[i - 1] + 1))
                throw new AlbumTimelineException($"Side {side.Label} lists track {n}, which is not the next track of this album's running order.");
        }
        var inputs = side.TrackNumbers.Select(n => album[n - 1]).ToList();
        var infos = inputs.Select(t => AudioFile.Probe(t.MasterPath, tools)).ToList();
        var rate = infos[0].Format.SampleRateHz;
        var odd = side.TrackNumbers.Where((_, i) => infos[i].Format.SampleRateHz != rate).ToList();
        if (odd.Count > 0)
            throw new AlbumTimelineException(
                $"Track {string.Join(", ", odd)} {(odd.Count == 1 ? "was" : "were")} rendered at another sample rate than track {side.FirstTrack} ({rate / 1000.0:0.#} kHz). Render every track at the same rate, then make the side.");
        var mono = side.TrackNumbers.Where((_, i) => infos[i].Format.Channels != 2).ToList();
        if (mono.Count > 0)
            throw new AlbumTimelineException($"Track {string.Join(", ", mono)} is not stereo; a side is made from stereo masters.");
        var plans = inputs.Select((t, i) => t.Plan with
        {
            LengthFrames = infos[i].LengthFrames
                ?? throw new AudioFileException($"Track {side.TrackNumbers[i]}'s master does not say how long it is; render it again as WAV."),
        }).ToList();
        plans[0] = plans[0] with { PauseBeforeSeconds = 0, CrossfadeSeconds = 0 };
        var timeline = AlbumTimeline.Build(rate, plans, cdFrames: false);

        var monoBass = request.MonoBassBelowHz != 0 ? new VinylMonoBass(rate, request.MonoBassBelowHz) : null;
        var check = new VinylSibilanceCheck(rate, 2, request.Sibilance);
        var meter = new LoudnessMeter(rate, 2, new LoudnessMeterOptions(TruePeak: false, Series: false));
        var masters = inputs.Select(t => t.MasterPath).ToList();
        using (var assembler = new AlbumAssembler(timeline, 2, placement => AudioFile.OpenRead(masters[placement.Number - 1], tools)))
        using (var writer = new WavWriter(request.OutputPath, PcmWriteFormat.Pcm24(rate, 2)))
        {
            var buffer = new float[BlockFrames * 2];
            int frames;
            while ((frames = assembler.Read(buffer)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                var samples = buffer.AsSpan(0, frames * 2);
                monoBass?.Process(samples);
                check.Add(samples);
                meter.AddFrames(samples);
                writer.Write(samples);
                progress?.Report((double)assembler.Position / timeline.LengthFrames);
            }
            writer.Complete();
        }

        var sibilance = check.Result();
        var notes = new List<string>();
        if (side.Status != VinylSideStatus.Fine) notes.Add(side.Message);
        if (side.FirstTrack > 1 && album[side.FirstTrack - 1].Plan.CrossfadeSeconds > 0)
            notes.Add($"Track {side.FirstTrack} crossfades from track {side.FirstTrack - 1} on the album; side {side.Label} starts with track {side.FirstTrack} on its own. Add a fade-in if its start was covered by the crossfade.");
        if (side.LastTrack < album.Count && album[side.LastTrack].Plan.CrossfadeSeconds > 0)
            notes.Add($"Track {side.LastTrack} crossfades into track {side.LastTrack + 1} on the album; side {side.Label} ends with track {side.LastTrack} played to its end. Add a fade-out if its end was covered by the crossfade.");
        var peak = meter.SamplePeakDbfs;
        if (peak > request.PeakCeilingDbfs)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Side {side.Label} peaks at {peak:0.0} dBFS; a vinyl pre-master keeps its peaks under {request.PeakCeilingDbfs:0.#} dBFS, so the cutting engineer has room. Render its tracks with the vinyl settings (no limiter), a little quieter."));
        var lufs = meter.IntegratedLufs;
        if (lufs > request.MaxLufs)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Side {side.Label} measures {lufs:0.0} LUFS, louder than the {request.MaxLufs:0.#} LUFS a vinyl pre-master stays under: the cutting engineer sets the level on the lathe, and a loud, limited master cuts with more distortion."));
        if (!sibilance.Clean)
            notes.Add(VinylSibilanceReport.Describe(sibilance.Passages, p => Where(timeline, side, p.StartSeconds)));
        return new VinylSideResult(side, timeline, lufs, peak, sibilance, notes);
    }

    /// <summary>"1:12 (track 6 at 0:45)": a moment of the side, and where it falls in the album's track.</summary>
    static string Where(AlbumTimeline timeline, VinylSide side, double seconds)
    {
        var frame = (long)(seconds * timeline.SampleRateHz);
        var onSide = VinylSides.Clock(Math.Floor(seconds));
        var track = timeline.Tracks.LastOrDefault(t => t.StartFrame <= frame);
        if (track is null) return onSide;
        var within = (double)(frame - track.StartFrame) / timeline.SampleRateHz;
        return $"{onSide} (track {side.TrackNumbers[track.Number - 1]} at {VinylSides.Clock(Math.Floor(within))})";
    }
}
