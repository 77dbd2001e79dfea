using Hangfire;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Notifications;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Retention;

/// <summary>What one run did: the projects whose clients were told, and those whose files went.</summary>
public sealed record RetentionRunResult(int ProjectsNotified, int ProjectsCleared);

/// <summary>
/// The nightly retention run (Hangfire, on the injected clock) over every delivered project of a studio with a policy
/// (<see cref="RetentionRules"/>). Each kind of file has its own date (kinds with the same days share one): from
/// <see cref="RetentionRules.NoticeAhead"/> before a date, the client's people are told once; from the date (and never
/// sooner than that long after they were told) that date's files are marked removed,
/// a <see cref="RetentionRemoval"/> is saved for the owner, and the stored bytes are deleted unless another file that
/// is still kept has the same content.
/// </summary>
public sealed class RetentionJob(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, TimeProvider clock, OccasionNotices notices,
    ILogger<RetentionJob> logger)
{
    public const string RecurringId = "retention";
    public const string NoticeKind = "retention";

    sealed record Candidate(Guid Id, string Title, Guid StudioId, Guid ClientId, RetentionPolicy Policy, DateTimeOffset? DeliveredAt);

    /// <summary>Files of one project that go on one date: the kinds whose days are the same.</summary>
    sealed record DueFiles(int Days, IReadOnlyList<RetentionCategory> Categories, List<FileAsset> Files);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<RetentionRunResult> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Only a delivered project is closed: every other state is still being worked on and keeps everything.
        var delivered = await db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Delivered
                        && (p.Studio!.MixRetentionDays > 0 || p.Studio.PreviewRetentionDays > 0 || p.Studio.UnapprovedRevisionRetentionDays > 0))
            .Select(p => new Candidate(p.Id, p.Title, p.StudioId, p.ClientId,
                new RetentionPolicy(p.Studio!.MixRetentionDays, p.Studio.PreviewRetentionDays, p.Studio.UnapprovedRevisionRetentionDays),
                p.Events.Where(e => e.Kind == ProjectEventKind.Delivered).Max(e => (DateTimeOffset?)e.At)))
            .ToListAsync(ct);
        int notified = 0, cleared = 0;
        foreach (var project in delivered)
        {
            db.ChangeTracker.Clear();
            if (project.DeliveredAt is not { } deliveredAt) continue;
            var anyRemoved = false;
            foreach (var due in await DueFilesAsync(db, project, ct))
            {
                var dueAt = RetentionRules.DueAt(deliveredAt, due.Days);
                if (now < dueAt - RetentionRules.NoticeAhead) continue;
                var occasion = RetentionRules.Occasion(dueAt);
                var toldAt = await db.Reminders.AsNoTracking()
                    .Where(r => r.Kind == NoticeKind && r.SubjectId == project.Id && r.Occasion == occasion)
                    .Select(r => (DateTimeOffset?)r.SentAt).FirstOrDefaultAsync(ct);
                if (toldAt is null)
                {
                    notified += await notices.SendOnceAsync(db, Notice(project, due, occasion, RetentionRules.RemovableFrom(dueAt, now)),
                        ReminderJob.ClientUsers(db, project.ClientId), now, ct);
                    continue;
                }
                if (now < RetentionRules.RemovableFrom(dueAt, toldAt.Value)) continue;
                await RemoveAsync(db, project, due, now, ct);
                anyRemoved = true;
            }
            if (anyRemoved) cleared++;
        }
        return new RetentionRunResult(notified, cleared);
    }

    static OccasionNotice Notice(Candidate project, DueFiles due, string occasion, DateTimeOffset removeOn) => new(NoticeKind, project.Id, occasion,
        project.StudioId, project.Id, NotificationKind.FilesToBeRemoved,
        $"Files of “{project.Title}” will be removed on {removeOn:d MMMM yyyy}",
        NotificationLinks.Project(project.Id),
        $"The studio keeps {RetentionRules.List(due.Categories)} for {due.Days} days after delivery. " +
        "Your approved masters stay. Download anything else you want to keep before then.");

    /// <summary>The project's files the policy removes, grouped by their days after delivery (read without tracking).</summary>
    static async Task<List<DueFiles>> DueFilesAsync(PortalDbContext db, Candidate project, CancellationToken ct)
    {
        var approved = (await db.Tracks.AsNoTracking().Where(t => t.ProjectId == project.Id && t.ApprovedRevisionId != null)
            .Select(t => t.ApprovedRevisionId!.Value).ToListAsync(ct)).ToHashSet();
        var files = await db.FileAssets.AsNoTracking().Where(f => f.ProjectId == project.Id && f.RemovedAt == null).ToListAsync(ct);
        return files
            .Select(f => (File: f, Category: RetentionRules.CategoryOf(f, approved)))
            .Where(f => f.Category is { } c && project.Policy.Days(c) > 0)
            .GroupBy(f => project.Policy.Days(f.Category!.Value))
            .OrderBy(g => g.Key)
            .Select(g => new DueFiles(g.Key, g.Select(f => f.Category!.Value).Distinct().ToList(), g.Select(f => f.File).ToList()))
            .ToList();
    }

    async Task RemoveAsync(PortalDbContext db, Candidate project, DueFiles due, DateTimeOffset now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var files = due.Files;
        var ids = files.Select(f => f.Id).ToList();
        var keys = files.Select(f => f.StorageKey).Distinct().ToList();
        var shared = (await SharedKeysAsync(db, keys, ids, ct)).ToHashSet(StringComparer.Ordinal);
        db.FileAssets.AttachRange(files);
        foreach (var file in files)
        {
            file.RemovedAt = now;
            file.RemovedAfterDays = due.Days;
        }
        long Bytes(bool isShared) => files.Where(f => shared.Contains(f.StorageKey) == isShared)
            .GroupBy(f => f.StorageKey, StringComparer.Ordinal).Sum(g => g.First().SizeBytes);
        var record = new RetentionRemoval
        {
            StudioId = project.StudioId, ProjectId = project.Id, At = now, Days = due.Days, FilesRemoved = files.Count,
            BytesFreed = Bytes(false), BytesKeptShared = Bytes(true),
        };
        db.RetentionRemovals.Add(record);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        // Asked again after the save: a file with the same content may have arrived meanwhile, and then the bytes stay.
        var usedNow = (await SharedKeysAsync(db, keys.Except(shared).ToList(), [], ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => !shared.Contains(k) && !usedNow.Contains(k))) store.Delete(key);
        logger.LogInformation(
            "Retention: removed {Files} files of project {Project} ({Days} days after delivery): {Freed} bytes freed, {Shared} bytes kept for other files",
            record.FilesRemoved, project.Id, due.Days, record.BytesFreed, record.BytesKeptShared);
    }

    /// <summary>The keys among <paramref name="keys"/> that a file still kept (not among <paramref name="leaving"/>) uses.</summary>
    static Task<List<string>> SharedKeysAsync(PortalDbContext db, List<string> keys, List<Guid> leaving, CancellationToken ct) =>
        db.FileAssets.AsNoTracking().Where(f => keys.Contains(f.StorageKey) && f.RemovedAt == null && !leaving.Contains(f.Id))
            .Select(f => f.StorageKey).Distinct().ToListAsync(ct);
}
