using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dither;
using MasteringPortal.Audio.Dsp.Resampling;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Album;

/// <summary>One track of the album to assemble: its rendered master on disk, how it sits on the album, and its codes.</summary>
/// <param name="Plan">The placement; its <see cref="AlbumTrackPlan.LengthFrames"/> is read from the master and may be 0 here.</param>
/// <param name="CacheKey">The master's content hash, under which its 44.1 kHz conversion is kept for the next assembly (with
/// <see cref="AlbumRenderRequest.ConversionCache"/>); null: converted for this assembly only.</param>
public sealed record AlbumInput(string MasterPath, AlbumTrackPlan Plan, AlbumTrackCodes? Codes = null, string? CacheKey = null);

/// <summary>What to make: the programme at the masters' rate (24-bit WAV) and, for a CD, the programme as a CD plays it.</summary>
/// <param name="ConversionCache">A folder where each master's conversion to 44.1 kHz is kept by its <see cref="AlbumInput.CacheKey"/>,
/// so re-sequencing an album of 48 or 96 kHz masters never converts a master twice; null: no cache.</param>
public sealed record AlbumRenderRequest(IReadOnlyList<AlbumInput> Tracks, string ProgrammePath, string? CdPath = null,
    string? UpcEan = null, CdTextFields? AlbumText = null, string? ConversionCache = null)
{
    public bool ForCd => CdPath is not null;
}

/// <summary>Where every track landed, and for a CD its table of contents and the Red Book check's findings.</summary>
public sealed record AlbumRenderResult(AlbumTimeline Timeline, CdProgramme? Cd, IReadOnlyList<string> RedBookProblems);

/// <summary>
/// Assembles an album from its tracks' masters (docs/ALBUM.md). The per-track masters are used as rendered, so changing
/// the order, a gap or a fade costs only this pass: reading the masters once per output, a multiply-add, writing.
/// <list type="bullet">
/// <item>The programme: a 24-bit WAV at the masters' rate, plain rounding (samples of a track without a fade or level
/// change are its master's own 24-bit values, so nothing is dithered twice).</item>
/// <item>For a CD: the same placement laid out on CD frames at 44.1 kHz, dithered to 16 bits once (TPDF; digital silence is
/// left silent), exactly as many frames as the table of contents says. Masters at another rate are each converted to
/// 44.1 kHz by the engine's resampler (32-bit float, nothing quantised) and the CD programme is assembled from those; with a
/// <see cref="AlbumRenderRequest.ConversionCache"/> each conversion is kept by the master's content hash, so a new running
/// order reuses them. The CD layout is computed from the converted lengths: its gaps equal the programme's to a CD frame.</item>
/// </list>
/// The masters must share one rate and be stereo; a mix of rates is refused with a sentence naming the tracks.
/// </summary>
public static class AlbumRenderer
{
    const int BlockFrames = 8192;

    public static AlbumRenderResult Render(AlbumRenderRequest request, AudioTools tools, IProgress<double>? progress = null,
        CancellationToken ct = default)
    {
        if (request.Tracks.Count == 0) throw new AlbumTimelineException("The album has no tracks yet.");
        var infos = request.Tracks.Select(t => AudioFile.Probe(t.MasterPath, tools)).ToList();
        var rate = infos[0].Format.SampleRateHz;
        var odd = infos.Select((info, i) => (info, i)).Where(x => x.info.Format.SampleRateHz != rate).Select(x => x.i + 1).ToList();
        if (odd.Count > 0)
            throw new AlbumTimelineException(
                $"Track {string.Join(", ", odd)} {(odd.Count == 1 ? "was" : "were")} rendered at another sample rate than track 1 ({rate / 1000.0:0.#} kHz). Render every track at the same rate, then assemble the album.");
        var mono = infos.Select((info, i) => (info, i)).Where(x => x.info.Format.Channels != 2).Select(x => x.i + 1).ToList();
        if (mono.Count > 0)
            throw new AlbumTimelineException($"Track {string.Join(", ", mono)} is not stereo; an album is assembled from stereo masters.");
        var lengths = infos.Select((info, i) => info.LengthFrames
            ?? throw new AudioFileException($"Track {i + 1}'s master does not say how long it is; render it again as WAV.")).ToList();
        var plans = request.Tracks.Select((t, i) => t.Plan with { LengthFrames = lengths[i] }).ToList();

        var timeline = AlbumTimeline.Build(rate, plans, cdFrames: request.ForCd);
        var passes = request.ForCd ? 2.0 : 1.0;
        WriteProgramme(timeline, request, tools, Scaled(progress, 0, 1 / passes), ct);
        if (!request.ForCd) return new AlbumRenderResult(timeline, null, []);

        var temporary = new List<string>();
        try
        {
            var cdMasters = rate == CdTime.SampleRateHz
                ? request.Tracks.Select(t => t.MasterPath).ToList()
                : request.Tracks.Select((t, i) => ConvertedMaster(t, request, tools, temporary, Scaled(progress, 0.5 + 0.25 * i / request.Tracks.Count,
                    0.5 + 0.25 * (i + 1) / request.Tracks.Count), ct)).ToList();
            var cdTimeline = rate == CdTime.SampleRateHz ? timeline : AlbumTimeline.Build(CdTime.SampleRateHz,
                request.Tracks.Select((t, i) => t.Plan with { LengthFrames = AudioFile.Probe(cdMasters[i], tools).LengthFrames!.Value }).ToList(), cdFrames: true);
            var cd = AlbumCdLayout.ToCdProgramme(cdTimeline, request.Tracks.Select(t => t.Codes ?? new AlbumTrackCodes()).ToList(),
                request.UpcEan, request.AlbumText);
            WriteCd(cdTimeline, cd, cdMasters, request.CdPath!, tools, Scaled(progress, rate == CdTime.SampleRateHz ? 0.5 : 0.75, 1), ct);
            return new AlbumRenderResult(timeline, cd, RedBook.Check(cd));
        }
        finally
        {
            foreach (var path in temporary) File.Delete(path);
        }
    }

    static AlbumAssembler Assembler(AlbumTimeline timeline, IReadOnlyList<string> masters, AudioTools tools) =>
        new(timeline, 2, placement => AudioFile.OpenRead(masters[placement.Number - 1], tools));

    /// <summary>
    /// A master converted to 44.1 kHz as a 32-bit float WAV: from the cache when it holds this master's conversion, else
    /// converted now (into the cache, or into a temporary file listed in <paramref name="temporary"/>).
    /// </summary>
    static string ConvertedMaster(AlbumInput input, AlbumRenderRequest request, AudioTools tools, List<string> temporary, IProgress<double>? progress,
        CancellationToken ct)
    {
        string path;
        if (request.ConversionCache is { } cache && input.CacheKey is { Length: > 0 } key && key.All(char.IsAsciiLetterOrDigit))
        {
            path = Path.Combine(cache, $"{key.ToLowerInvariant()}-{CdTime.SampleRateHz}.wav");
            if (File.Exists(path)) return path;
            Directory.CreateDirectory(cache);
        }
        else
        {
            path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.CdPath!))!, $".album-cd-{Guid.NewGuid():N}.wav");
            temporary.Add(path);
        }
        using var source = AudioFile.OpenRead(input.MasterPath, tools);
        var total = source.LengthFrames ?? 1;
        var resampler = new Resampler(new ResamplerSettings(source.Format.SampleRateHz, CdTime.SampleRateHz), 2);
        var interleaved = new float[BlockFrames * 2];
        var block = new AudioBlock(2, BlockFrames);
        var output = new AudioBlock(2, resampler.MaxOutputFrames(BlockFrames));
        var outInterleaved = new float[output.CapacityFrames * 2];
        // The writer renames its finished file into place, so the cache never holds half a conversion.
        using var writer = new WavWriter(path, PcmWriteFormat.Float32(CdTime.SampleRateHz, 2));
        long read = 0;
        int got;
        while ((got = source.Read(interleaved)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            block.Deinterleave(interleaved, got);
            resampler.Process(block, output);
            output.Interleave(outInterleaved);
            writer.Write(outInterleaved.AsSpan(0, output.Frames * 2));
            read += got;
            progress?.Report((double)read / total);
        }
        while (resampler.Flush(output) > 0)
        {
            output.Interleave(outInterleaved);
            writer.Write(outInterleaved.AsSpan(0, output.Frames * 2));
        }
        writer.Complete();
        return path;
    }

    static void WriteProgramme(AlbumTimeline timeline, AlbumRenderRequest request, AudioTools tools, IProgress<double>? progress,
        CancellationToken ct)
    {
        using var assembler = Assembler(timeline, request.Tracks.Select(t => t.MasterPath).ToList(), tools);
        using var writer = new WavWriter(request.ProgrammePath, PcmWriteFormat.Pcm24(timeline.SampleRateHz, 2));
        var buffer = new float[BlockFrames * 2];
        int frames;
        while ((frames = assembler.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            writer.Write(buffer.AsSpan(0, frames * 2));
            progress?.Report((double)assembler.Position / timeline.LengthFrames);
        }
        writer.Complete();
    }

    /// <summary>The CD programme from masters at 44.1 kHz: dithered once, padded or cut to the table of contents' length.</summary>
    static void WriteCd(AlbumTimeline timeline, CdProgramme cd, IReadOnlyList<string> masters, string cdPath, AudioTools tools,
        IProgress<double>? progress, CancellationToken ct)
    {
        var target = cd.LengthFrames * CdTime.SamplesPerFrame;
        using var assembler = Assembler(timeline, masters, tools);
        using var writer = new WavWriter(cdPath, PcmWriteFormat.Pcm16(CdTime.SampleRateHz, 2));
        var dither = new TpdfDither(new DitherSettings(16), CdTime.SampleRateHz, 2);
        var interleaved = new float[BlockFrames * 2];
        var block = new AudioBlock(2, BlockFrames);
        var silent = new bool[BlockFrames];
        long written = 0;
        while (written < target)
        {
            ct.ThrowIfCancellationRequested();
            var got = assembler.Read(interleaved);
            if (got == 0)
            {
                // The layout's end is whole CD frames of silence past the last track.
                got = (int)Math.Min(BlockFrames, target - written);
                Array.Clear(interleaved, 0, got * 2);
            }
            got = (int)Math.Min(got, target - written);
            block.Deinterleave(interleaved, got);
            // Digital silence (the pauses, the pregap) stays digital silence: dither is noise, and a gap on a CD should be
            // empty, as engineers expect and as replication plants' checks report.
            for (var f = 0; f < got; f++) silent[f] = block.Channels[0][f] == 0f && block.Channels[1][f] == 0f;
            var quantised = dither.Quantise(block);
            for (var f = 0; f < got; f++)
            {
                if (!silent[f]) continue;
                quantised.Block.Channels[0][f] = 0f;
                quantised.Block.Channels[1][f] = 0f;
            }
            quantised.Block.Interleave(interleaved);
            writer.Write(interleaved.AsSpan(0, got * 2));
            written += got;
            progress?.Report((double)written / target);
        }
        writer.Complete();
    }

    static IProgress<double>? Scaled(IProgress<double>? progress, double from, double to) =>
        progress is null ? null : new Part(p => progress.Report(from + (to - from) * p));

    /// <summary>A share of the caller's progress, reported on the calling thread (Progress&lt;T&gt; would post it elsewhere, out of order).</summary>
    sealed class Part(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
