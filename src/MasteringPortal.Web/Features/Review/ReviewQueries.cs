using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Intake;
using MasteringPortal.Web.Features.Retention;
using MasteringPortal.Web.Features.Workspace;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>Who a pushed message is built for: the studio's engineers see every revision, the project's clients only posted ones.</summary>
public enum ReviewAudience { Engineers, Clients }

/// <summary>
/// Reads the review of one track as a viewer may see it (<see cref="ReviewState"/>), and single sources and
/// comments as an audience may see them (for pushes). Clients never learn of a revision the engineer has not
/// posted: not its number, its figures, its comments or its files.
/// </summary>
public sealed class ReviewQueries(ReviewFigureCache figures)
{
    /// <summary>Containers a browser's audio element plays; others (AIFF) are shown but not played.</summary>
    static readonly HashSet<string> Playable = new(StringComparer.OrdinalIgnoreCase) { "wav", "mp3", "aac", "m4a", "mp4", "flac", "ogg", "opus", "webm" };

    public async Task<ReviewState?> LoadAsync(PortalDbContext db, PortalViewer? viewer, Guid projectId, Guid trackId, CancellationToken ct = default)
    {
        var project = await db.VisibleProjects(viewer).AsNoTracking()
            .Where(p => p.Id == projectId)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.References)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.ProblemNotes)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions).ThenInclude(r => r.Files)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        var track = project?.Tracks.FirstOrDefault(t => t.Id == trackId);
        if (project is null || track is null || viewer is null) return null;
        var audience = viewer.IsTeam ? ReviewAudience.Engineers : ReviewAudience.Clients;
        var studio = await db.Studios.AsNoTracking().FirstAsync(s => s.Id == project.StudioId, ct);

        var sources = await SourcesAsync(db, project, track, audience, ct);
        // An archived project's files are not played: each source says why instead of offering a player that fails.
        if (project.ArchivedAt is not null)
            sources = sources.Select(s => s with { AudioUrl = null, AudioNote = Projects.ProjectCommands.ArchivedNotice }).ToList();
        var revisionIds = sources.Where(s => s.RevisionId is not null).Select(s => s.RevisionId!.Value).ToList();
        var comments = await CommentsAsync(db, revisionIds, sources.Where(s => s.FileId is not null).ToDictionary(s => s.FileId!.Value, s => s.Label), ct);
        return new ReviewState(project.Id, track.Id, project.Title, track.Title, project.Status.ToString(), viewer.IsTeam,
            RevisionRounds.Of(project, studio).ToString(), sources, comments,
            (track.Brief?.ProblemNotes ?? []).OrderBy(n => n.StartSeconds)
                .Select(n => new ReviewProblemNote(n.StartSeconds, n.EndSeconds, n.Text)).ToList(),
            ListeningCopies.Note(audience, project.IsPaid(), sources))
        {
            IsSampleRequest = ProjectWorkflow.IsOpenSample(project),
            AlbumNote = project.Tracks.Count >= 2 ? Audio.Platforms.PlatformRule.AlbumNote(project.Tracks.Count) : null,
        };
    }

    /// <summary>
    /// One revision as a source for each audience that may see it (engineers always; clients once it is posted), read
    /// once for both; null when the revision is gone.
    /// </summary>
    public async Task<(Guid ProjectId, IReadOnlyDictionary<ReviewAudience, ReviewSource> Sources)?> RevisionSourcesAsync(PortalDbContext db,
        Guid revisionId, CancellationToken ct = default)
    {
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Files).Include(r => r.Track!).ThenInclude(t => t.Project)
            .FirstOrDefaultAsync(r => r.Id == revisionId, ct);
        if (revision?.Track?.Project is not { } project) return null;
        var jobs = await FileAnalysisState.LatestJobsAsync(db, PortalJobKind.Render, [revision.Id], ct);
        var master = WorkspaceSession.MasterOf(revision);
        var found = await figures.ForFilesAsync(db, master is null ? [] : [master.Id], ct);
        var mixes = await MixesAsync(db, revision.TrackId, ct);
        var earlier = await db.Revisions.AsNoTracking().Where(r => r.TrackId == revision.TrackId && r.Number < revision.Number)
            .OrderByDescending(r => r.Number).ToListAsync(ct);
        var sources = new Dictionary<ReviewAudience, ReviewSource>();
        foreach (var audience in new[] { ReviewAudience.Engineers, ReviewAudience.Clients })
            if (Visible(revision, audience))
                sources[audience] = revision.IsSample
                    ? AsSample(RevisionSource(revision, revision.Track, project, audience, found, jobs), revision, audience)
                    : RevisionSource(revision, revision.Track, project, audience, found, jobs)
                        with { Provenance = RevisionProvenance.Describe(revision, earlier.FirstOrDefault(r => Visible(r, audience) && !r.IsSample), mixes, audience) };
        return (project.Id, sources);
    }

    /// <summary>The mix or a reference file of a track as a source, as the audience hears it (before payment a client hears the mix's preview).</summary>
    public async Task<(Guid ProjectId, Guid TrackId, ReviewSource Source)?> FileSourceAsync(PortalDbContext db, Guid fileId,
        ReviewAudience audience = ReviewAudience.Engineers, CancellationToken ct = default)
    {
        var file = await db.FileAssets.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        if (file is null || file.Kind is not (FileAssetKind.Mix or FileAssetKind.Reference)) return null;
        var tracks = await db.Tracks.AsNoTracking().Include(t => t.Brief!).ThenInclude(b => b.References)
            .Where(t => t.ProjectId == file.ProjectId).ToListAsync(ct);
        var track = file.Kind == FileAssetKind.Mix
            ? tracks.FirstOrDefault(t => t.CurrentMixId == file.Id)
            : tracks.FirstOrDefault(t => t.Brief?.References.Any(r => r.FileAssetId == file.Id) == true);
        if (track is null) return null;
        var found = await figures.ForFilesAsync(db, [file.Id], ct);
        var label = file.Kind == FileAssetKind.Mix ? "Mix" : ReferenceLabel(track.Brief!.References.First(r => r.FileAssetId == file.Id), file);
        var project = await db.Projects.AsNoTracking().FirstAsync(p => p.Id == file.ProjectId, ct);
        return (file.ProjectId, track.Id, FileSource(file, track, label, found, await ListeningCopies.MixPreviewAsync(db, project, file, audience, ct)));
    }

    /// <summary>
    /// One comment for a push, and who may hear of it: a comment on an unposted revision stays with the engineers; one on
    /// a posted revision, the mix or a reference goes to everyone on the project.
    /// </summary>
    public async Task<(Guid ProjectId, ReviewAudience Audience, ReviewComment Comment)?> CommentAsync(PortalDbContext db, Guid commentId,
        CancellationToken ct = default)
    {
        var comment = await db.Comments.AsNoTracking().Include(c => c.Author).Include(c => c.Revision!).ThenInclude(r => r.Track)
            .FirstOrDefaultAsync(c => c.Id == commentId, ct);
        if (comment is null) return null;
        if (comment.FileAssetId is { } fileId)
        {
            var files = await CommentedFiles.ReadAsync(db, [fileId], ct);
            return files.TryGetValue(fileId, out var file) ? (file.ProjectId, ReviewAudience.Clients, ToDto(comment, null, file.Label)) : null;
        }
        if (comment.Revision?.Track is not { } track) return null;
        var audience = comment.Revision.PostedAt is null ? ReviewAudience.Engineers : ReviewAudience.Clients;
        return (track.ProjectId, audience, ToDto(comment, comment.Revision.Number, $"Revision {comment.Revision.Number}"));
    }

    async Task<List<ReviewSource>> SourcesAsync(PortalDbContext db, Project project, Track track, ReviewAudience audience, CancellationToken ct)
    {
        var references = (track.Brief?.References ?? []).Where(r => r.FileAssetId is not null).ToList();
        var fileIds = references.Select(r => r.FileAssetId!.Value).ToList();
        if (track.CurrentMixId is { } mixId) fileIds.Add(mixId);
        var files = await db.FileAssets.AsNoTracking().Where(f => fileIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);

        // While the client decides on a sample, they compare the latest sample with its passage of the mix; afterwards
        // samples (passages, not the song) are not review sources.
        if (ProjectWorkflow.IsOpenSample(project))
            return await SampleSourcesAsync(db, project, track, audience, ct);
        var revisions = track.Revisions.Where(r => Visible(r, audience) && !r.IsSample).OrderBy(r => r.Number).ToList();
        var masters = revisions.Select(WorkspaceSession.MasterOf).OfType<FileAsset>().Select(f => f.Id);
        var found = await figures.ForFilesAsync(db, files.Keys.Concat(masters).ToList(), ct);
        var jobs = await FileAnalysisState.LatestJobsAsync(db, PortalJobKind.Render, revisions.Select(r => r.Id).ToList(), ct);

        var sources = new List<ReviewSource>();
        if (track.CurrentMixId is { } mix && files.TryGetValue(mix, out var mixFile))
            sources.Add(FileSource(mixFile, track, "Mix", found, await ListeningCopies.MixPreviewAsync(db, project, mixFile, audience, ct)));
        var mixes = await MixesAsync(db, track.Id, ct);
        sources.AddRange(revisions.Select((r, i) => RevisionSource(r, track, project, audience, found, jobs)
            with { Provenance = RevisionProvenance.Describe(r, i > 0 ? revisions[i - 1] : null, mixes, audience) }));
        foreach (var reference in references)
            if (files.TryGetValue(reference.FileAssetId!.Value, out var file))
                sources.Add(FileSource(file, track, ReferenceLabel(reference, file), found));
        return sources;
    }

    /// <summary>
    /// The sources of an open sample request: the latest sample this audience may hear, and beside it the same passage of
    /// the mix, encoded like the sample's preview (a like-for-like comparison). Before a sample exists: the mix alone.
    /// </summary>
    async Task<List<ReviewSource>> SampleSourcesAsync(PortalDbContext db, Project project, Track track, ReviewAudience audience, CancellationToken ct)
    {
        var sample = track.Revisions.Where(r => r.IsSample && Visible(r, audience)).MaxBy(r => r.Number);
        if (sample is null)
        {
            var mix = track.CurrentMixId is { } mixId ? await db.FileAssets.AsNoTracking().FirstOrDefaultAsync(f => f.Id == mixId, ct) : null;
            return mix is null ? [] : [FileSource(mix, track, "Mix", await figures.ForFilesAsync(db, [mix.Id], ct))];
        }
        var passage = sample.Files.FirstOrDefault(f => f.Kind == FileAssetKind.MixExcerpt);
        var master = WorkspaceSession.MasterOf(sample);
        var ids = new[] { passage?.Id, master?.Id }.OfType<Guid>().ToList();
        var found = await figures.ForFilesAsync(db, ids, ct);
        var jobs = await FileAnalysisState.LatestJobsAsync(db, PortalJobKind.Render, [sample.Id], ct);
        var span = Samples.SampleSpan.Of(sample);
        var sources = new List<ReviewSource>();
        if (passage is not null)
            sources.Add(FileSource(passage, track, $"Mix, same passage ({span})", found) with
            {
                AudioNote = "The same passage of your mix, encoded like the sample, so you compare like with like.",
            });
        sources.Add(AsSample(RevisionSource(sample, track, project, audience, found, jobs), sample, audience));
        return sources;
    }

    /// <summary>A sample's source says it is a sample of a passage, not "revision 1".</summary>
    static ReviewSource AsSample(ReviewSource source, Revision sample, ReviewAudience audience) => source with
    {
        Label = $"Sample ({Samples.SampleSpan.Of(sample)})" + (audience == ReviewAudience.Engineers && sample.PostedAt is null ? " (not posted)" : ""),
        AudioNote = audience == ReviewAudience.Clients && source.AudioUrl is not null
            ? "A sample master of a passage, watermarked: the full master follows once you go ahead."
            : source.AudioNote,
    };

    /// <summary>The comments on the given revisions and files (the mix and references shown, with their labels), oldest first.</summary>
    static async Task<List<ReviewComment>> CommentsAsync(PortalDbContext db, IReadOnlyCollection<Guid> revisionIds,
        IReadOnlyDictionary<Guid, string> files, CancellationToken ct)
    {
        var fileIds = files.Keys.ToList();
        if (revisionIds.Count + fileIds.Count == 0) return [];
        var rows = await db.Comments.AsNoTracking().Include(c => c.Author).Include(c => c.Revision)
            .Where(c => (c.RevisionId != null && revisionIds.Contains(c.RevisionId.Value))
                || (c.FileAssetId != null && fileIds.Contains(c.FileAssetId.Value))).ToListAsync(ct);
        return rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => c.Revision is { } r
            ? ToDto(c, r.Number, $"Revision {r.Number}")
            : ToDto(c, null, files[c.FileAssetId!.Value])).ToList();
    }

    public static ReviewComment ToDto(Comment c, int? revisionNumber, string sourceLabel) => new(c.Id, c.RevisionId, revisionNumber, c.ParentId,
        c.Author is { } a ? (string.IsNullOrWhiteSpace(a.DisplayName) ? a.Email ?? "Someone" : a.DisplayName) : "Someone",
        c.Author is { ClientId: null }, c.StartSeconds, c.EndSeconds, c.DeletedAt is null ? c.Text : "", c.Resolved, c.CreatedAt,
        c.EditedAt is not null, c.DeletedAt is not null, c.AuthorId, sourceLabel, c.FileAssetId);

    /// <summary>Engineers see every revision that is rendering, ready or failed; clients only those posted to them.</summary>
    static bool Visible(Revision revision, ReviewAudience audience) =>
        audience == ReviewAudience.Engineers || (revision.PostedAt is not null && revision.Status == RevisionStatus.Ready);

    /// <summary>The mix or a reference as a source; <paramref name="listeningCopy"/>, when given, is what is played (the mix's preview).</summary>
    ReviewSource FileSource(FileAsset file, Track track, string label, IReadOnlyDictionary<Guid, ReviewFigures> found, FileAsset? listeningCopy = null)
    {
        var removed = RetentionRules.RemovedNotice(file);
        var playable = removed is null && Playable.Contains(file.Format ?? "");
        found.TryGetValue(file.Id, out var f);
        var mix = file.Kind is FileAssetKind.Mix or FileAssetKind.MixExcerpt;
        return new ReviewSource(
            mix ? "mix" : $"ref:{file.Id}", track.Id, mix ? "mix" : "reference",
            label, null, null, false, false, null,
            listeningCopy is not null ? AudioUrl(listeningCopy) : playable ? AudioUrl(file) : null,
            listeningCopy is not null ? ListeningCopies.MixPreviewNote
            : removed ?? (playable ? null : $"Browsers cannot play {file.Format?.ToUpperInvariant()} files, so this one is shown here but not played."),
            f is null ? "analysing" : "ready", f is null ? 0 : 100, null, f, FileId: file.Id);
    }

    static ReviewSource RevisionSource(Revision revision, Track track, Project project, ReviewAudience audience,
        IReadOnlyDictionary<Guid, ReviewFigures> found, IReadOnlyDictionary<Guid, PortalJob> jobs)
    {
        var master = WorkspaceSession.MasterOf(revision);
        ReviewFigures? f = null;
        if (master is not null) found.TryGetValue(master.Id, out f);
        var paid = project.IsPaid();
        var preview = revision.Files.Where(x => x.Kind == FileAssetKind.Preview).OrderBy(x => x.CreatedAt).FirstOrDefault();
        // Engineers and paying clients hear the 24-bit master; before payment the client hears the lossy preview.
        var (file, note) = audience == ReviewAudience.Engineers || paid
            ? (master, (string?)null)
            : (preview, preview is null ? "The listening copy of this revision is being prepared." : "You are hearing a preview; the full-resolution master is yours once paid.");
        if (file is not null && RetentionRules.RemovedNotice(file) is { } removed) (file, note) = (null, removed);
        jobs.TryGetValue(revision.Id, out var job);
        var state = revision.Status switch
        {
            RevisionStatus.Queued or RevisionStatus.Rendering => "rendering",
            RevisionStatus.Failed => "failed",
            _ => f is null ? "analysing" : "ready",
        };
        var progress = revision.Status is RevisionStatus.Queued or RevisionStatus.Rendering ? job?.ProgressPercent ?? revision.ProgressPercent : 100;
        var label = $"Revision {revision.Number}" + (audience == ReviewAudience.Engineers && revision.PostedAt is null ? " (not posted)" : "");
        return new ReviewSource($"rev:{revision.Id}", track.Id, "revision", label, revision.Id, revision.Number, revision.PostedAt is not null,
            track.ApprovedRevisionId == revision.Id, string.IsNullOrWhiteSpace(revision.EngineerNote) ? null : revision.EngineerNote,
            file is null || revision.Status != RevisionStatus.Ready ? null : AudioUrl(file), note, state, progress,
            revision.Status == RevisionStatus.Failed ? revision.FailureReason ?? job?.FailureReason : null, f,
            AsPlayed: revision.Status == RevisionStatus.Ready ? AsPlayed(revision) : null);
    }

    /// <summary>The revision's platform copies that are still stored, with their codec checks (from the render's report).</summary>
    static IReadOnlyList<ReviewPlatformCopy>? AsPlayed(Revision revision)
    {
        if (WorkspaceSession.ReportOf(revision)?.Platforms is not { Count: > 0 } platforms) return null;
        var copies = new List<ReviewPlatformCopy>();
        foreach (var p in platforms)
        {
            if (revision.Files.FirstOrDefault(x => x.Id == p.FileAssetId && x.Kind == FileAssetKind.PlatformCopy) is not { } copy
                || RetentionRules.RemovedNotice(copy) is not null) continue;
            copies.Add(new ReviewPlatformCopy(p.Check.Platform.ToString(), p.Check.Name, p.Check.Codec, AudioUrl(copy), p.MimeType,
                p.Check.PlaybackGainDb, p.Check.PlaybackSentence, p.Check.ClientSummary, p.Check.OversAboveFullScale > 0));
        }
        return copies;
    }

    /// <summary>The track's mixes, current and earlier, for "made from mix 2".</summary>
    static Task<List<FileAsset>> MixesAsync(PortalDbContext db, Guid trackId, CancellationToken ct) =>
        db.FileAssets.AsNoTracking().Where(f => f.TrackId == trackId && f.Kind == FileAssetKind.Mix).ToListAsync(ct);

    static string ReferenceLabel(ReferenceTrack reference, FileAsset file) =>
        "Reference: " + (string.IsNullOrWhiteSpace(reference.Title) ? file.OriginalName : reference.Title);

    static string AudioUrl(FileAsset file) => $"/api/files/{file.Id}/audio";
}
