using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Notifications;
using MasteringPortal.Web.Features.Retention;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MasteringPortal.Core.Notifications;

namespace MasteringPortal.Web.Tests.ClientData;

/// <summary>
/// The demo world with a retention policy of <see cref="Days"/> days for every kind of file and, per test, a project of Ava's with one file of
/// each kind in the store: the mix, a reference, the preview, the approved revision's master and the master of a
/// revision she did not choose. The retention, export and erasure tests work on it.
/// </summary>
public class ClientDataWorld : DemoWorld
{
    /// <summary>Why this world's tests cannot run here (no PostgreSQL for the PostgreSQL world); null when they can.</summary>
    public string? SkipReason { get; protected set; }

    public const int Days = 30;

    public IFileStore Store => Factory.Services.GetRequiredService<IFileStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SetPolicyAsync(new RetentionPolicy(Days, Days, Days));
    }

    /// <summary>The demo studio's days after delivery for mixes, previews and revisions the client did not choose.</summary>
    public async Task SetPolicyAsync(RetentionPolicy policy)
    {
        await using var db = await Db.CreateDbContextAsync();
        var studio = await db.Studios.SingleAsync(s => s.Id == StudioId);
        (studio.MixRetentionDays, studio.PreviewRetentionDays, studio.UnapprovedRevisionRetentionDays) =
            (policy.MixDays, policy.PreviewDays, policy.UnapprovedRevisionDays);
        await db.SaveChangesAsync();
    }

    public RetentionJob Job(TimeProvider clock) => new(Db, Store, clock,
        new OccasionNotices(Factory.Services.GetRequiredService<INotificationSignals>(), NullLogger<OccasionNotices>.Instance),
        NullLogger<RetentionJob>.Instance);

    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = NewClient();
        await Forms.SignInAsync(client, email, DemoSeeder.Password);
        return client;
    }

    public async Task<FileAsset> StoreAsync(Guid projectId, FileAssetKind kind, string name, Guid? revisionId = null, byte[]? content = null)
    {
        content ??= Guid.NewGuid().ToByteArray().Concat(new byte[4096]).ToArray();
        using var stream = new MemoryStream(content);
        var stored = await Store.PutAsync(stream);
        return new FileAsset
        {
            ProjectId = projectId, RevisionId = revisionId, Kind = kind, OriginalName = name, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256,
            StorageKey = stored.Key, Format = "wav",
        };
    }

    /// <summary>A project of Ava's (or <paramref name="clientId"/>'s) in <paramref name="status"/> with one file of each kind; delivered at <paramref name="deliveredAt"/> if given.</summary>
    public async Task<DemoProject> ProjectAsync(string title, ProjectStatus status, DateTimeOffset? deliveredAt, byte[]? mixContent = null,
        Guid? clientId = null)
    {
        var project = People.NewProjectOfAvas(title, status);
        if (clientId is { } client) project.ClientId = client;
        var track = new Track { ProjectId = project.Id, Title = title, Position = 1, Brief = new Brief() };
        var approved = new Revision { TrackId = track.Id, Number = 2, Status = RevisionStatus.Ready, PostedAt = deliveredAt };
        var other = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, PostedAt = deliveredAt };
        track.Revisions.AddRange([other, approved]);
        track.ApprovedRevisionId = approved.Id;
        project.Tracks.Add(track);
        var files = new DemoProject(project.Id, track.Id, approved.Id, other.Id,
            await StoreAsync(project.Id, FileAssetKind.Mix, $"{title} mix.wav", content: mixContent),
            await StoreAsync(project.Id, FileAssetKind.Reference, $"{title} reference.wav"),
            await StoreAsync(project.Id, FileAssetKind.Preview, $"{title} (preview).mp3", approved.Id),
            await StoreAsync(project.Id, FileAssetKind.Master, $"{title} r2.wav", approved.Id),
            await StoreAsync(project.Id, FileAssetKind.Master, $"{title} r1.wav", other.Id));
        track.CurrentMixId = files.Mix.Id;
        project.Files.AddRange([files.Mix, files.Reference, files.Preview, files.ApprovedMaster, files.OtherMaster]);
        if (deliveredAt is { } at)
            project.Events.Add(new ProjectEvent { ProjectId = project.Id, At = at, Kind = ProjectEventKind.Delivered, Description = "Masters delivered." });
        await using var db = await Db.CreateDbContextAsync();
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return files;
    }

    public async Task<Dictionary<Guid, FileAsset>> FilesAsync(Guid projectId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.FileAssets.AsNoTracking().Where(f => f.ProjectId == projectId).ToDictionaryAsync(f => f.Id);
    }

    public async Task<List<Notification>> NoticesAsync(string userId, Guid projectId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId && n.ProjectId == projectId && n.Kind == NotificationKind.FilesToBeRemoved).ToListAsync();
    }

    public async Task<List<RetentionRemoval>> RemovalsAsync(Guid projectId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.RetentionRemovals.AsNoTracking().Where(r => r.ProjectId == projectId).ToListAsync();
    }
}

/// <summary>A test project's ids and its files as saved.</summary>
public sealed record DemoProject(Guid Id, Guid TrackId, Guid ApprovedRevisionId, Guid OtherRevisionId, FileAsset Mix, FileAsset Reference,
    FileAsset Preview, FileAsset ApprovedMaster, FileAsset OtherMaster)
{
    public IEnumerable<FileAsset> Removable => [Mix, Preview, OtherMaster];
    public IEnumerable<FileAsset> Kept => [Reference, ApprovedMaster];
}
