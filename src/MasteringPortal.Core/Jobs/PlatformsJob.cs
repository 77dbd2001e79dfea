using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// A finished revision as the streaming platforms stream it (issue 19, docs/TRANSLATION.md "Platforms"): for each
/// platform of <see cref="PlatformCopies.For"/>, the main master encoded with the platform's codec, decoded and
/// measured, and the copy the client hears "as played" on it; then ONE transaction adds the copies' FileAssets, writes
/// the checks into the revision's report (<see cref="RenderReport.Platforms"/>) and marks the job Succeeded.
/// <para>
/// It runs after the revision is Ready, as a job of its own that the render (or the uploaded master's check) saves
/// with the revision: the master, its analysis and the client's preview arrive at the render's own speed, and the
/// three encodes that cost more CPU than the render itself follow. Until then the report's Platforms is null ("not
/// checked yet"); a failure leaves the revision as it was, with the reason on the job and a "check again" on its card.
/// A revision whose report already has its checks is left alone, so a duplicate run adds nothing.
/// </para>
/// </summary>
public sealed class PlatformsJob(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, AudioTools tools)
{
    public async Task RunAsync(RunningJobContext context)
    {
        var ct = context.Token;
        Revision revision;
        FileAsset master;
        RenderReport report;
        TargetPlatforms platforms;
        double ceiling;
        double? lufs;
        double truePeak;
        PreviewSettings preview;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            revision = await db.Revisions.AsNoTracking().Include(r => r.Track).Include(r => r.Files)
                .SingleOrDefaultAsync(r => r.Id == context.Job.TargetId, ct)
                ?? throw new JobRefusedException("This revision was deleted before it could be checked for the streaming services.");
            if (revision.Status != RevisionStatus.Ready || RenderReport.FromJson(revision.RenderReportJson) is not { } stored)
                throw new JobRefusedException($"Revision {revision.Number} is not finished, so it cannot be checked for the streaming services yet.");
            report = stored;
            if (report.Platforms is not null)
            {
                await FinishAsync(context, null, []);
                return;
            }
            master = MainMaster(revision, report)
                ?? throw new JobRefusedException($"The master of revision {revision.Number} is missing, so it cannot be checked for the streaming services.");
            if (master.RemovedAt is not null)
                throw new JobRefusedException($"The master of revision {revision.Number} was removed under the studio's retention rules.");
            platforms = await db.Briefs.AsNoTracking().Where(b => b.TrackId == revision.TrackId).Select(b => b.TargetPlatforms).FirstOrDefaultAsync(ct);
            ceiling = revision.Origin == RevisionOrigin.UploadedMaster
                ? await db.Projects.Where(p => p.Id == revision.Track!.ProjectId).Select(p => p.Studio!.MasterCeilingDbtp).FirstAsync(ct)
                : PlatformCopies.CeilingOf(RenderSettings.FromJson(revision.SettingsJson));
            // The master's figures as its report has them (the render's measurement, or the uploaded master's analysis).
            lufs = report.IntegratedLufs;
            truePeak = report.TruePeakDbtp;
            preview = await RenderPreview.SettingsAsync(db, revision.Track!.ProjectId, revision.IsSample, ct);
        }

        var masterPath = await context.LocalPathAsync(master.StorageKey);
        var copies = await context.WithProgressAsync(0, 0.99, progress => Task.Run(() => PlatformCopies.Make(masterPath,
            PlatformCopies.For(platforms), ceiling, lufs, truePeak, preview, Path.Combine(context.WorkFolder, "platforms"), tools, progress, ct), ct));
        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, [], copies.Select(c => c.CopyPath).ToList(), (_, stored) =>
            FinishAsync(context, revision.Id, copies.Select((c, i) => (c, stored[i])).ToList()));
    }

    /// <summary>
    /// The main master the platforms are checked on: the rendered 24-bit WAV the report names, or the file the engineer
    /// uploaded; never an alternate version's.
    /// </summary>
    static FileAsset? MainMaster(Revision revision, RenderReport report)
    {
        var masters = revision.Files.Where(f => f.Kind == FileAssetKind.Master && f.TrackAlternateId == null).OrderBy(f => f.CreatedAt).ToList();
        if (revision.Origin == RevisionOrigin.UploadedMaster) return masters.FirstOrDefault(f => f.UploadedById is not null) ?? masters.FirstOrDefault();
        var wav24 = report.Files.FirstOrDefault(f => f.Kind == RenderReportFile.NameOf(Deliverables.Wav24))?.FileAssetId;
        return masters.FirstOrDefault(f => f.Id == wav24) ?? masters.FirstOrDefault(f => f.BitDepth == 24);
    }

    /// <summary>
    /// Adds the copies, writes the checks into the report and marks the job Succeeded in one transaction. The report is
    /// written only if it is still the one just read (compared by content), and the revision's concurrency token is
    /// left as it is: the engineer posting the revision or attaching a file to it at that moment must not be refused
    /// because a background check finished. When the report changed meanwhile, it is read again and the checks applied
    /// to the new one.
    /// </summary>
    async Task FinishAsync(RunningJobContext context, Guid? revisionId, List<(PlatformCopies.Made Made, StoredFile Stored)> copies)
    {
        var assets = new RenderedAssets(tools, context);
        List<string> staleKeys;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var row = await context.RowForFinishAsync(db);
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            if (revisionId is { } id)
            {
                var revision = await db.Revisions.AsNoTracking().Include(r => r.Track).SingleOrDefaultAsync(r => r.Id == id, CancellationToken.None)
                    ?? throw new JobRefusedException("This revision was deleted while it was being checked for the streaming services.");
                var report = RenderReport.FromJson(revision.RenderReportJson)
                    ?? throw new JobRefusedException("This revision's report was removed while it was being checked.");
                if (report.Platforms is null)
                {
                    // Copies a report no longer names (its lines were lost to a command that rewrote the report as an
                    // earlier check wrote them) give way to these: never two sets of copies for one revision. Their stored
                    // bytes go too once this is committed, unless a row still refers to them (the new copies often have
                    // the same bytes).
                    var stale = db.FileAssets.Where(f => f.RevisionId == id && f.Kind == FileAssetKind.PlatformCopy);
                    staleKeys = await stale.Select(f => f.StorageKey).ToListAsync(CancellationToken.None);
                    await stale.ExecuteDeleteAsync(CancellationToken.None);
                    var lines = assets.PlatformCopies(revision.Track!, revision, f => db.FileAssets.Add(f), copies);
                    var read = revision.RenderReportJson;
                    var written = (report with { Platforms = lines }).ToJson();
                    context.MarkSucceeded(row);
                    await db.SaveChangesAsync(CancellationToken.None);
                    var swapped = await db.Revisions.Where(r => r.Id == id && r.RenderReportJson == read)
                        .ExecuteUpdateAsync(u => u.SetProperty(r => r.RenderReportJson, written), CancellationToken.None);
                    if (swapped == 0)
                    {
                        // The report changed between the read and the write (an own file, an alternate's line): again.
                        await transaction.RollbackAsync(CancellationToken.None);
                        if (attempt < 3) continue;
                        throw new InvalidOperationException($"The report of revision {id} kept changing while its platform checks were written.");
                    }
                    await transaction.CommitAsync(CancellationToken.None);
                    await StoredFiles.ForgetUnreferencedAsync(dbFactory, store, context, staleKeys);
                    await context.PublishAsync(row);
                    return;
                }
            }
            context.MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            await context.PublishAsync(row);
            return;
        }
    }

    /// <summary>
    /// The check's job row, added to <paramref name="db"/> beside the revision it checks so both are saved together
    /// (hand it to Hangfire with <see cref="PortalJobs.EnqueueSavedAsync"/> after the save); null when the portal makes no
    /// platform copies (Jobs:PlatformCopies off).
    /// </summary>
    public static PortalJob? QueueWith(PortalDbContext db, PlatformCopies.Options options, Revision revision, Track track, RunningJobContext context)
    {
        if (!options.Enabled) return null;
        var job = new PortalJob
        {
            ProjectId = track.ProjectId, Kind = PortalJobKind.Platforms, TargetId = revision.Id, CreatedAt = context.Now,
            TraceParent = context.Job.TraceParent,
        };
        db.PortalJobs.Add(job);
        return job;
    }
}
