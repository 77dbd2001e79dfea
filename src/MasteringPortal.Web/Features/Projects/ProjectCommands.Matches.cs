using System.Security.Claims;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>What asking for a match came to: refused in words, or queued as the run <see cref="RunId"/>.</summary>
public sealed record MatchQueued(ActionOutcome Outcome, Guid? RunId);

/// <summary>The engineer's reference matches: a <see cref="MatchRun"/> saved with what it is made from, then run as a job.</summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Saves a reference match of the track's mix against some of its brief's uploaded references and queues it. The
    /// engineer's team only, whenever they may render (a sample request included); <paramref name="mixId"/> is the mix
    /// the engineer saw, so a newer one refuses. The chain it starts from is checked like a render's.
    /// </summary>
    public async Task<MatchQueued> QueueMatchAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, Guid mixId,
        IReadOnlyList<(Guid FileId, double Weight)> chosen, MatchOptions options, IPortalJobs jobs, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.References)
            .FirstOrDefaultAsync(ct);
        if (viewer is null || project?.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return new(ActionOutcome.NotYours, null);
        var actor = viewer.AsActor();
        if (actor.Role == ActorRole.Client) return Refused("Only the engineer can match the chain to a reference.");
        if (WhyNotRender(project, actor, ProjectWorkflow.IsOpenSample(project)) is { } refusal) return Refused(refusal);
        if (track.CurrentMixId != mixId)
            return Refused("A new mix arrived for this track a moment ago. The page now shows it; check it and match again.");
        if (chosen.Count == 0) return Refused("Choose one or more of this track's uploaded references.");
        if (chosen.Any(c => !double.IsFinite(c.Weight) || c.Weight < 0)) return Refused("A reference's weight must be 0 or more.");
        if (chosen.All(c => c.Weight == 0)) return Refused("Give at least one reference a weight above 0.");
        if (chosen.Select(c => c.FileId).Distinct().Count() != chosen.Count) return Refused("Each reference can be chosen once.");
        if (options.Aspects == MatchAspects.None) return Refused("Choose at least one aspect to match: tone, loudness, width or dynamics.");
        if (options.Validate() is { Count: > 0 } badOptions) return Refused(string.Join(" ", badOptions));

        // Only the uploaded references of this track's own brief; any other file id is not one.
        var references = track.Brief?.References.Where(r => r.FileAssetId is not null).ToDictionary(r => r.FileAssetId!.Value) ?? [];
        if (chosen.Any(c => !references.ContainsKey(c.FileId))) return Refused("Choose one or more of this track's uploaded references.");
        var ids = chosen.Select(c => c.FileId).Append(mixId).ToList();
        var files = await db.FileAssets.AsNoTracking().Where(f => ids.Contains(f.Id) && f.ProjectId == project.Id).ToDictionaryAsync(f => f.Id, ct);
        if (!files.TryGetValue(mixId, out var mix)) return new(ActionOutcome.NotYours, null);
        if (chosen.Any(c => !files.TryGetValue(c.FileId, out var f) || f.RemovedAt is not null))
            return Refused("A chosen reference has been removed from the studio's storage. Upload it again.");
        if (RenderSettingsValidator.Validate(options.BaseSettings, mix.SampleRateHz ?? 44100, mix.Channels ?? 2) is { Count: > 0 } badChain)
            return Refused("Fix the chain first: " + string.Join(" ", badChain));

        var request = new RevisionMatch(
            chosen.Select(c => new RevisionMatchReference(c.FileId, files[c.FileId].Sha256,
                string.IsNullOrWhiteSpace(references[c.FileId].Title) ? files[c.FileId].OriginalName : references[c.FileId].Title, c.Weight)).ToList(),
            options.Aspects.ToString(), options.ToneAmountPercent, options.LoudnessAmountPercent, options.WidthAmountPercent,
            options.DynamicsAmountPercent, options.MaxBoostDb, options.MaxCutDb, MayAddClipper: options.MayAddClipper);
        var run = new MatchRun
        {
            ProjectId = project.Id, TrackId = track.Id, MixFileId = mix.Id, MixSha256 = mix.Sha256,
            RequestJson = request.ToJson(), BaseSettingsJson = options.BaseSettings.ToJson(),
            RequestedById = viewer.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.MatchRuns.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            await jobs.QueueMatchAsync(run.Id, ct);
        }
        catch (JobRefusedException refused)
        {
            return Refused(refused.Message);
        }
        return new(ActionOutcome.Done, run.Id);

        static MatchQueued Refused(string message) => new(ActionOutcome.Refused(message), null);
    }

    /// <summary>
    /// The record a render keeps of the match its chain came from. A match made by a run of this track is read from the
    /// run as the server saved it (its report included), never from what the page sent; a run of another track, or one
    /// that has not finished, is not a record. A record without a run (an older page's) is kept as given, without a report.
    /// </summary>
    async Task<RevisionMatch?> MatchRecordAsync(MasteringPortal.Core.Data.PortalDbContext db, Guid trackId, RevisionMatch? match, CancellationToken ct)
    {
        if (match?.RunId is not { } runId) return match is null ? null : match with { ReportJson = null };
        var run = await db.MatchRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.TrackId == trackId && r.ReportJson != null, ct);
        return run is null ? null : RevisionMatch.FromJson(run.RequestJson) is { } request
            ? request with { ReportJson = run.ReportJson, RunId = run.Id }
            : null;
    }
}
