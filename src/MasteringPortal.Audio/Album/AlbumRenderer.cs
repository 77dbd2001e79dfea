using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dither;
using MasteringPortal.Audio.Dsp.Resampling;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Album;

/// <summary>One track of the album to assemble: its rendered master on disk, how it sits on the album, and its codes.</summary>
/// <param name="Plan">The placement; its <see cref="AlbumTrackPlan.LengthFrames"/> is read from the master and may be 0 here.</param>
public sealed record AlbumInput(string MasterPath, AlbumTrackPlan Plan, AlbumTrackCodes? Codes = null);

/// <summary>What to make: the programme at the masters' rate (24-bit WAV) and, for a CD, the programme as a CD plays it.</summary>
public sealed record AlbumRenderRequest(IReadOnlyList<AlbumInput> Tracks, string ProgrammePath, string? CdPath = null,
    string? UpcEan = null, CdTextFields? AlbumText = null)
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
/// <item>For a CD: the same assembly laid out on CD frames, converted to 44.1 kHz by the engine's resampler when the masters
/// are at another rate, and dithered to 16 bits once (TPDF; digital silence is left silent), exactly as many frames as the
/// table of contents says.</item>
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

        var cd = AlbumCdLayout.ToCdProgramme(timeline, request.Tracks.Select(t => t.Codes ?? new AlbumTrackCodes()).ToList(),
            request.UpcEan, request.AlbumText);
        WriteCd(timeline, cd, request, tools, Scaled(progress, 0.5, 1), ct);
        return new AlbumRenderResult(timeline, cd, RedBook.Check(cd));
    }

    static AlbumAssembler Assembler(AlbumTimeline timeline, AlbumRenderRequest request, AudioTools tools) =>
        new(timeline, 2, placement => AudioFile.OpenRead(request.Tracks[placement.Number - 1].MasterPath, tools));

    static void WriteProgramme(AlbumTimeline timeline, AlbumRenderRequest request, AudioTools tools, IProgress<double>? progress,
        CancellationToken ct)
    {
        using var assembler = Assembler(timeline, request, tools);
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

    /// <summary>The CD programme: resampled to 44.1 kHz if needed, dithered once, padded or cut to the table of contents' length.</summary>
    static void WriteCd(AlbumTimeline timeline, CdProgramme cd, AlbumRenderRequest request, AudioTools tools, IProgress<double>? progress,
        CancellationToken ct)
    {
        var target = cd.LengthFrames * CdTime.SamplesPerFrame;
        using var assembler = Assembler(timeline, request, tools);
        using var writer = new WavWriter(request.CdPath!, PcmWriteFormat.Pcm16(CdTime.SampleRateHz, 2));
        var resampler = timeline.SampleRateHz == CdTime.SampleRateHz ? null
            : new Resampler(new ResamplerSettings(timeline.SampleRateHz, CdTime.SampleRateHz), 2);
        var dither = new TpdfDither(new DitherSettings(16), CdTime.SampleRateHz, 2);
        var interleaved = new float[BlockFrames * 2];
        var input = new AudioBlock(2, BlockFrames);
        var output = new AudioBlock(2, resampler?.MaxOutputFrames(BlockFrames) ?? BlockFrames);
        var outInterleaved = new float[output.CapacityFrames * 2];
        long written = 0;

        var silent = new bool[output.CapacityFrames];

        void Emit(AudioBlock block)
        {
            var frames = (int)Math.Min(block.Frames, target - written);
            if (frames <= 0) return;
            block.Frames = frames;
            // Digital silence (the pauses, the pregap) stays digital silence: dither is noise, and a gap on a CD should be
            // empty, as engineers expect and as replication plants' checks report.
            for (var f = 0; f < frames; f++) silent[f] = block.Channels[0][f] == 0f && block.Channels[1][f] == 0f;
            var quantised = dither.Quantise(block);
            for (var f = 0; f < frames; f++)
            {
                if (!silent[f]) continue;
                quantised.Block.Channels[0][f] = 0f;
                quantised.Block.Channels[1][f] = 0f;
            }
            quantised.Block.Interleave(outInterleaved);
            writer.Write(outInterleaved.AsSpan(0, frames * 2));
            written += frames;
        }

        int got;
        while ((got = assembler.Read(interleaved)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            input.Deinterleave(interleaved, got);
            if (resampler is null) Emit(input);
            else
            {
                resampler.Process(input, output);
                Emit(output);
            }
            progress?.Report((double)assembler.Position / timeline.LengthFrames);
        }
        if (resampler is not null)
        {
            while (resampler.Flush(output) > 0) Emit(output);
        }
        // The resampler's length can differ from the layout's by a frame or two: the end is silence padded to the CD frame.
        if (written < target)
        {
            output.Frames = 0;
            for (var c = 0; c < 2; c++) Array.Clear(output.Channels[c]);
            while (written < target)
            {
                output.Frames = (int)Math.Min(output.CapacityFrames, target - written);
                for (var c = 0; c < 2; c++) Array.Clear(output.Channels[c], 0, output.Frames);
                Emit(output);
            }
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
