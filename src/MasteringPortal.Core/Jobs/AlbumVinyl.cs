using System.Globalization;
using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// The vinyl part of an album assembly (<see cref="AlbumJob"/>, docs/ALBUM.md "Vinyl"), when the engineer asked for it:
/// each track made again from its mix as a vinyl pre-master (the revision's own chain with the limiter and clipper off,
/// no hotter than −12 LUFS, peaks under −3 dBFS: <see cref="VinylPremaster.RenderSettingsFor"/>), the album split over
/// the record's sides (<see cref="VinylSides"/>), and each side written as its own WAV with the bass in mono and the high
/// frequencies checked (<see cref="VinylSideRenderer"/>). A track whose master was uploaded from the engineer's desk has
/// no chain to run again: its master goes to the side as it is, and the notes say so. What cannot be made is reported in
/// words (<see cref="AlbumVinylReport.Failure"/>); the rest of the assembly is kept.
/// </summary>
public static class AlbumVinyl
{
    /// <summary>The sides made (their WAVs in the job's folder, in side order) and the report, without file ids yet.</summary>
    public sealed record Made(AlbumVinylReport Report, IReadOnlyList<string> SidePaths);

    public static async Task<Made> MakeAsync(RunningJobContext context, IDbContextFactory<PortalDbContext> dbFactory, AudioTools tools,
        AlbumSequence sequence, AlbumVinylRequest request, IReadOnlyList<AlbumInput> masters, AlbumTimeline programme, string folder,
        double from, double to)
    {
        var ct = context.Token;
        var limits = VinylFormatLimits.Of(request.Format);
        if (request.Problem(sequence.Tracks.Count) is { } problem)
            return new Made(Failed(request, limits, problem), []);

        // The revisions and the mixes they were made from: the sides are cut from pre-masters made again without the limiter.
        var revisionIds = sequence.Tracks.Select(t => t.RevisionId).ToList();
        Dictionary<Guid, Revision> revisions;
        Dictionary<Guid, FileAsset> mixes;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            revisions = await db.Revisions.AsNoTracking().Where(r => revisionIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
            var mixIds = revisions.Values.Select(r => r.SourceMixId).OfType<Guid>().ToList();
            mixes = await db.FileAssets.AsNoTracking().Where(f => mixIds.Contains(f.Id) && f.RemovedAt == null).ToDictionaryAsync(f => f.Id, ct);
        }

        var notes = new List<string>();
        var inputs = new List<AlbumInput>();
        var preMastered = 0;
        var renderShare = (to - from) * 0.7;
        var perTrack = renderShare / masters.Count;
        for (var i = 0; i < masters.Count; i++)
        {
            var track = sequence.Tracks[i];
            var label = $"Track {i + 1} (\"{track.Title}\")";
            revisions.TryGetValue(track.RevisionId, out var revision);
            string? why = null;
            FileAsset? mix = null;
            if (revision is null) why = $"{label}: its revision {track.RevisionNumber} no longer exists";
            else if (revision.Origin == RevisionOrigin.UploadedMaster)
                why = $"{label}: revision {track.RevisionNumber} was uploaded from your desk, so there is no chain to run again without its limiter";
            else if (revision.SourceMixId is not { } mixId || !mixes.TryGetValue(mixId, out mix))
                why = $"{label}: the mix revision {track.RevisionNumber} was made from is no longer stored";
            else if (revision.SourceMixSha256 is { Length: > 0 } expected && !string.Equals(expected, mix.Sha256, StringComparison.OrdinalIgnoreCase))
                why = $"{label}: the stored mix is not the file revision {track.RevisionNumber} was made from";

            var path = masters[i].MasterPath;
            if (why is null)
            {
                try
                {
                    var settings = VinylPremaster.RenderSettingsFor(RenderSettings.FromJson(revision!.SettingsJson));
                    var mixPath = await context.LocalPathAsync(mix!.StorageKey);
                    var outputs = new RenderOutputs(Path.Combine(folder, "vinyl-premasters", (i + 1).ToString(CultureInfo.InvariantCulture)), "premaster");
                    var rendered = await context.WithProgressAsync(from + perTrack * i, from + perTrack * (i + 1),
                        progress => Task.Run(() => Renderer.Render(mixPath, settings, outputs, tools, progress, ct), ct));
                    path = rendered.Files.Single(f => f.Kind == Deliverables.Wav24).Path;
                    preMastered++;
                }
                catch (Exception e) when (e is RenderSettingsException or AudioFileException or ArgumentException)
                {
                    why = $"{label}: its vinyl pre-master could not be made ({e.Message})";
                }
            }
            if (why is not null)
                notes.Add($"{why}. Its side uses the master as it is, limiter and all; for the cut, send the plant a pre-master without limiting.");
            inputs.Add(masters[i] with { MasterPath = path });
        }

        VinylPlan plan;
        try
        {
            plan = VinylSides.Split(programme, request.Format, request.SideABreakAfter);
        }
        catch (Exception e) when (e is AlbumTimelineException or ArgumentException)
        {
            return new Made(Failed(request, limits, e.Message) with { Notes = notes, PreMastered = preMastered }, []);
        }

        var sides = new List<AlbumVinylSide>();
        var paths = new List<string>();
        var sideFrom = from + renderShare;
        var perSide = (to - sideFrom) / plan.Sides.Count;
        try
        {
            foreach (var (side, k) in plan.Sides.Select((s, k) => (s, k)))
            {
                var path = Path.Combine(folder, $"vinyl-side-{side.Label}.wav");
                var made = await context.WithProgressAsync(sideFrom + perSide * k, sideFrom + perSide * (k + 1), progress => Task.Run(() =>
                    VinylSideRenderer.Render(new VinylSideRequest(inputs, side, path, request.MonoBassBelowHz), tools, progress, ct), ct));
                sides.Add(new AlbumVinylSide(side.Label, side.Record, side.TrackNumbers, side.Seconds, side.Status, side.Message, null,
                    made.IntegratedLufs is { } l && double.IsFinite(l) ? Math.Round(l, 2) : null, Math.Round(made.SamplePeakDbfs, 2),
                    made.Sibilance.Passages.Count, made.Notes));
                paths.Add(path);
            }
        }
        catch (Exception e) when (e is AlbumTimelineException or AudioFileException)
        {
            return new Made(Failed(request, limits, $"The sides could not be made: {e.Message}") with { Notes = notes, PreMastered = preMastered }, []);
        }
        var report = new AlbumVinylReport(request.Format, limits.Name, plan.Summary, plan.Fits, sides, notes, preMastered, request.MonoBassBelowHz);
        return new Made(report, paths);
    }

    /// <summary>The report with each side's stored file (the side files in side order, as <see cref="Made.SidePaths"/>).</summary>
    public static AlbumVinylReport WithFiles(AlbumVinylReport report, IReadOnlyList<FileAsset> sideFiles) => report with
    {
        Sides = report.Sides.Select((s, i) => i < sideFiles.Count ? s with { FileId = sideFiles[i].Id } : s).ToList(),
    };

    static AlbumVinylReport Failed(AlbumVinylRequest request, VinylFormatLimits limits, string why) =>
        new(request.Format, limits.Name, "", false, [], [], 0, request.MonoBassBelowHz, "No vinyl sides were made: " + why);
}
