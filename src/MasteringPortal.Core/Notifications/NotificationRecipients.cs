using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MasteringPortal.Core.Notifications;

/// <summary>
/// Who hears of what is being saved. The studio's team hears of everything a client does and of the engine's results;
/// a project's client users hear of what the studio shows them: a posted revision, comments on posted revisions, the
/// masters once paid. A client never hears of an unposted revision, a render or a mix check of the studio's own, and
/// nobody is told of what they did themselves.
/// </summary>
internal sealed class NotificationRecipients(PortalDbContext db)
{
    sealed record ProjectInfo(Guid Id, Guid StudioId, Guid ClientId, string Title);
    sealed record People(List<string> Team, List<string> ClientUsers);

    readonly Dictionary<Guid, People> people = new();
    readonly List<NotificationDraft> drafts = [];

    public async Task<IReadOnlyList<NotificationDraft>> DraftsAsync(ChangeTracker tracker, CancellationToken ct)
    {
        var events = Added<ProjectEvent>(tracker).Where(e => e.Kind is ProjectEventKind.Submitted or ProjectEventKind.ChangesRequested
            or ProjectEventKind.Approved or ProjectEventKind.Paid or ProjectEventKind.NewMixRequested or ProjectEventKind.SampleRequested).ToList();
        var comments = Added<Comment>(tracker).ToList();
        var revisions = tracker.Entries<Revision>().Where(e => e.State == EntityState.Modified).ToList();
        var posted = revisions.Where(e => e.Property(r => r.PostedAt).OriginalValue is null && e.Entity.PostedAt is not null)
            .Select(e => e.Entity).ToList();
        var failed = revisions.Where(e => e.Entity.Status == RevisionStatus.Failed
                && e.Property(r => r.Status).OriginalValue != RevisionStatus.Failed
                && !(e.Entity.FailureReason ?? "").StartsWith("Cancelled", StringComparison.Ordinal))
            .Select(e => e.Entity).ToList();
        var analyses = Added<Analysis>(tracker).ToList();
        var failedBackups = Added<BackupRun>(tracker).Where(b => !b.Succeeded).ToList();
        if (events.Count + comments.Count + posted.Count + failed.Count + analyses.Count + failedBackups.Count == 0) return [];
        foreach (var backup in failedBackups) await BackupFailedAsync(backup, ct);

        var revisionIds = comments.Where(c => c.RevisionId is not null).Select(c => c.RevisionId!.Value).Concat(posted.Select(r => r.Id)).Concat(failed.Select(r => r.Id)).ToHashSet();
        var revisionRows = await db.Revisions.AsNoTracking().Where(r => revisionIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Number, r.PostedAt, r.TrackId, r.Track!.ProjectId, TrackTitle = r.Track.Title, Sample = r.SampleStartSeconds != null })
            .ToDictionaryAsync(r => r.Id, ct);
        var fileIds = analyses.Select(a => a.FileAssetId).ToHashSet();
        var mixes = await db.FileAssets.AsNoTracking().Where(f => fileIds.Contains(f.Id) && f.Kind == FileAssetKind.Mix && f.TrackId != null)
            .Select(f => new { f.Id, f.ProjectId, TrackId = f.TrackId!.Value, f.OriginalName }).ToDictionaryAsync(f => f.Id, ct);
        var commentedFiles = await CommentedFiles.ReadAsync(db, comments, ct);
        var projectIds = events.Select(e => e.ProjectId).Concat(revisionRows.Values.Select(r => r.ProjectId))
            .Concat(mixes.Values.Select(m => m.ProjectId)).Concat(commentedFiles.Values.Select(f => f.ProjectId)).ToHashSet();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id))
            .Select(p => new ProjectInfo(p.Id, p.StudioId, p.ClientId, p.Title)).ToDictionaryAsync(p => p.Id, ct);

        foreach (var e in events)
        {
            if (!projects.TryGetValue(e.ProjectId, out var p)) continue;
            var link = NotificationLinks.Project(p.Id);
            switch (e.Kind)
            {
                case ProjectEventKind.Submitted:
                    await TeamAsync(p, e.ActorId, NotificationKind.ProjectSubmitted, $"“{p.Title}” was submitted for mastering", "", link, ct);
                    break;
                case ProjectEventKind.ChangesRequested:
                    await TeamAsync(p, e.ActorId, NotificationKind.ChangesRequested, $"Changes were requested on “{p.Title}”", e.Description, link, ct);
                    break;
                case ProjectEventKind.Approved:
                    await TeamAsync(p, e.ActorId, NotificationKind.Approved, $"A master of “{p.Title}” was approved", e.Description, link, ct);
                    break;
                case ProjectEventKind.Paid:
                    await TeamAsync(p, e.ActorId, NotificationKind.PaymentReceived, $"Payment received for “{p.Title}”", e.Description, link, ct);
                    await ClientsAsync(p, e.ActorId, NotificationKind.MastersReady, $"The masters of “{p.Title}” are ready to download", "", link, ct);
                    break;
                case ProjectEventKind.SampleRequested:
                    await TeamAsync(p, e.ActorId, NotificationKind.SampleRequested, $"A sample master of “{p.Title}” was requested", e.Description,
                        link, ct);
                    break;
                case ProjectEventKind.NewMixRequested:
                    await ClientsAsync(p, e.ActorId, NotificationKind.NewMixRequested, $"The engineer asks for a new mix for “{p.Title}”", e.Description, link, ct);
                    break;
            }
        }
        foreach (var revision in posted)
        {
            if (!revisionRows.TryGetValue(revision.Id, out var r) || !projects.TryGetValue(r.ProjectId, out var p)) continue;
            var actor = events.Concat(Added<ProjectEvent>(tracker))
                .FirstOrDefault(e => e.ProjectId == p.Id && e.Kind is ProjectEventKind.RevisionPosted or ProjectEventKind.SamplePosted)?.ActorId;
            var what = r.Sample ? "A sample master" : $"Revision {r.Number}";
            var title = $"{what} of “{r.TrackTitle}” is ready for you to review";
            await ClientsAsync(p, actor, NotificationKind.RevisionPosted, title, revision.EngineerNote, NotificationLinks.Review(p.Id, r.TrackId, r.Id), ct);
            await TeamAsync(p, actor, NotificationKind.RevisionPosted, $"{what} of “{r.TrackTitle}” was posted to the client", "",
                NotificationLinks.Review(p.Id, r.TrackId, r.Id), ct);
        }
        foreach (var comment in comments)
        {
            var author = await db.Users.AsNoTracking().Where(u => u.Id == comment.AuthorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "Someone";
            var what = comment.ParentId is null ? "commented" : "replied";
            if (comment.FileAssetId is { } fileId)
            {
                // The mix and the references are the client's own files: both sides hear of a comment on them.
                if (!commentedFiles.TryGetValue(fileId, out var f) || !projects.TryGetValue(f.ProjectId, out var fp)) continue;
                var fileTitle = $"{author} {what} on {f.Words} of “{f.TrackTitle}” at {Moment(comment.StartSeconds)}";
                var fileLink = NotificationLinks.Comment(fp.Id, f.TrackId, null, comment.Id);
                await TeamAsync(fp, comment.AuthorId, NotificationKind.Comment, fileTitle, comment.Text, fileLink, ct);
                await ClientsAsync(fp, comment.AuthorId, NotificationKind.Comment, fileTitle, comment.Text, fileLink, ct);
                continue;
            }
            if (comment.RevisionId is not { } revisionId || !revisionRows.TryGetValue(revisionId, out var r) || !projects.TryGetValue(r.ProjectId, out var p)) continue;
            var title = $"{author} {what} on revision {r.Number} of “{r.TrackTitle}” at {Moment(comment.StartSeconds)}";
            var link = NotificationLinks.Comment(p.Id, r.TrackId, r.Id, comment.Id);
            await TeamAsync(p, comment.AuthorId, NotificationKind.Comment, title, comment.Text, link, ct);
            // A comment on a revision the client has not been shown stays in the studio.
            if (r.PostedAt is not null) await ClientsAsync(p, comment.AuthorId, NotificationKind.Comment, title, comment.Text, link, ct);
        }
        foreach (var revision in failed)
        {
            if (!revisionRows.TryGetValue(revision.Id, out var r) || !projects.TryGetValue(r.ProjectId, out var p)) continue;
            await TeamAsync(p, null, NotificationKind.RenderFailed, $"The render of revision {r.Number} of “{r.TrackTitle}” failed",
                revision.FailureReason ?? "", NotificationLinks.Workspace(p.Id, r.TrackId), ct);
        }
        foreach (var analysis in analyses)
        {
            if (!mixes.TryGetValue(analysis.FileAssetId, out var mix) || !projects.TryGetValue(mix.ProjectId, out var p)) continue;
            var problems = IntakeAnalysis.FromJson(analysis.ResultJson)?.Checks.Where(c => c.Status == CheckStatus.Problem).Select(c => c.Message).ToList() ?? [];
            var title = problems.Count == 0
                ? $"The mix “{mix.OriginalName}” has been checked: no problems found"
                : $"The mix “{mix.OriginalName}” has been checked: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} found";
            var link = NotificationLinks.Project(p.Id);
            await TeamAsync(p, null, NotificationKind.MixAnalysed, title, string.Join("\n", problems), link, ct);
            await ClientsAsync(p, null, NotificationKind.MixAnalysed, title, string.Join("\n", problems), link, ct);
        }
        return drafts;
    }

    /// <summary>A backup is of the whole install: the team of every studio that asked for scheduled backups hears it failed.</summary>
    async Task BackupFailedAsync(BackupRun backup, CancellationToken ct)
    {
        var team = await db.Users.AsNoTracking()
            .Where(u => u.ClientId == null && db.Studios.Any(s => s.Id == u.StudioId && s.BackupFrequency != BackupFrequency.Off))
            .Select(u => new { u.Id, u.StudioId }).ToListAsync(ct);
        var title = $"The scheduled backup of {backup.StartedAt:d MMMM HH:mm} UTC failed";
        foreach (var user in team)
            drafts.Add(new NotificationDraft(user.Id, user.StudioId, null, NotificationKind.BackupFailed, title, backup.FailureReason, NotificationLinks.Backups));
    }

    static IEnumerable<T> Added<T>(ChangeTracker tracker) where T : class =>
        tracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);

    static string Moment(double seconds) => TimeSpan.FromSeconds(Math.Max(0, seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss");

    async Task TeamAsync(ProjectInfo p, string? actorId, NotificationKind kind, string title, string body, string link, CancellationToken ct)
    {
        foreach (var user in (await PeopleAsync(p, ct)).Team.Where(u => u != actorId))
            drafts.Add(new NotificationDraft(user, p.StudioId, p.Id, kind, title, body, link));
    }

    async Task ClientsAsync(ProjectInfo p, string? actorId, NotificationKind kind, string title, string body, string link, CancellationToken ct)
    {
        foreach (var user in (await PeopleAsync(p, ct)).ClientUsers.Where(u => u != actorId))
            drafts.Add(new NotificationDraft(user, p.StudioId, p.Id, kind, title, body, link));
    }

    async Task<People> PeopleAsync(ProjectInfo p, CancellationToken ct)
    {
        if (people.TryGetValue(p.Id, out var known)) return known;
        var users = await db.Users.AsNoTracking().Where(u => (u.StudioId == p.StudioId && u.ClientId == null) || u.ClientId == p.ClientId)
            .Select(u => new { u.Id, u.ClientId }).ToListAsync(ct);
        var found = new People(users.Where(u => u.ClientId == null).Select(u => u.Id).ToList(),
            users.Where(u => u.ClientId == p.ClientId).Select(u => u.Id).ToList());
        people[p.Id] = found;
        return found;
    }
}
