using System.Net.Http.Headers;
using System.Security.Claims;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.AccessTokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.AccessTokens;

/// <summary>
/// A portal of its own (demo studio seeded) for the access-token and /api/v1 tests: tokens made through the account
/// page's service, clients that send them, a second studio, and fresh projects with a finished revision.
/// </summary>
public class DeskWorld : DemoWorld
{
    /// <summary>A new token of <paramref name="engineer"/>, made as the account page makes it; the secret text.</summary>
    public async Task<(Guid Id, string Secret)> TokenAsync(ClaimsPrincipal engineer, string name = "desk")
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var (created, refusal) = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(engineer, name);
        Assert.True(created is not null, refusal);
        return (created.Row.Id, created.Secret);
    }

    public async Task RevokeAsync(ClaimsPrincipal engineer, Guid tokenId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AccessTokenService>().RevokeAsync(engineer, tokenId));
    }

    /// <summary>An HTTP client with no cookies that sends <c>Authorization: Bearer <paramref name="secret"/></c>.</summary>
    public HttpClient WithToken(string secret)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>Another engineer of the demo studio (so a test may demote or move them without touching the demo's).</summary>
    public async Task<PortalUser> NewEngineerAsync(Guid? studioId = null)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"engineer-{Guid.NewGuid():N}@desk.test";
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Second Engineer", StudioId = studioId ?? StudioId };
        Assert.True((await users.CreateAsync(user, "Desk-token-test-1")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Engineer)).Succeeded);
        return user;
    }

    /// <summary>A second studio with its own engineer, client and a one-track project with a finished revision.</summary>
    public async Task<(PortalUser Engineer, Guid StudioId, Guid ProjectId, Guid RevisionId)> SecondStudioAsync()
    {
        var studio = new Studio { Name = "Other Room Mastering" };
        var client = new Client { StudioId = studio.Id, Name = "Somebody Else", Email = "else@other.test" };
        await using (var db = await Db.CreateDbContextAsync())
        {
            db.Studios.Add(studio);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
        }
        var engineer = await NewEngineerAsync(studio.Id);
        var (projectId, _, revisionId, _) = await ProjectWithRevisionAsync(studio.Id, client.Id, ProjectStatus.InProgress);
        return (engineer, studio.Id, projectId, revisionId);
    }

    /// <summary>
    /// A one-track project with a mix and revision 1, Ready and not posted, whose 24-bit master has an analysis with
    /// the given figures; Ava's in the demo studio unless another studio and client are named.
    /// </summary>
    public async Task<(Guid ProjectId, Guid TrackId, Guid RevisionId, Guid MasterId)> ProjectWithRevisionAsync(Guid? studioId = null,
        Guid? clientId = null, ProjectStatus status = ProjectStatus.InProgress, double lufs = -10.2, double truePeakDbtp = -1.1, double lraLu = 6.4)
    {
        await using var db = await Db.CreateDbContextAsync();
        var project = People.NewProjectOfAvas($"Desk {Guid.NewGuid():N}"[..20], status);
        project.StudioId = studioId ?? StudioId;
        project.ClientId = clientId ?? AvaClientId;
        var track = new Track { ProjectId = project.Id, Title = "Night Drive", Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        var mix = File(project.Id, track.Id, null, FileAssetKind.Mix, "night_drive_mix.wav", 'a');
        project.Files.Add(mix);
        var revision = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, ProgressPercent = 100 };
        track.Revisions.Add(revision);
        var master = File(project.Id, track.Id, revision.Id, FileAssetKind.Master, "night_drive_master.wav", 'b');
        db.Projects.Add(project);
        db.FileAssets.Add(master);
        db.Analyses.Add(new Analysis { FileAssetId = master.Id, IntegratedLufs = lufs, TruePeakDbtp = truePeakDbtp, LoudnessRangeLu = lraLu });
        await db.SaveChangesAsync();
        track.CurrentMixId = mix.Id;
        await db.SaveChangesAsync();
        return (project.Id, track.Id, revision.Id, master.Id);
    }

    static FileAsset File(Guid projectId, Guid trackId, Guid? revisionId, FileAssetKind kind, string name, char hash) => new()
    {
        ProjectId = projectId, TrackId = trackId, RevisionId = revisionId, Kind = kind, OriginalName = name, Format = "wav",
        SampleRateHz = 48000, Channels = 2, BitDepth = 24, DurationSeconds = 200, SizeBytes = 1000,
        Sha256 = new string(hash, 64), StorageKey = new string(hash, 64),
    };
}

/// <summary>The same world served by Kestrel on a loopback port, for the CLI, which speaks real HTTP.</summary>
public sealed class DeskWorldOnKestrel : DeskWorld
{
    /// <summary>Small chunks, so a few seconds of audio go up in several pieces as a long master would.</summary>
    public const int ChunkBytes = 256 * 1024;

    public DeskWorldOnKestrel() => Factory.Settings["Uploads:ChunkSizeBytes"] = ChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string BaseUrl { get; private set; } = "";

    protected override void StartHost() => BaseUrl = Factory.StartKestrel();
}

[CollectionDefinition(Name)]
public sealed class DeskCollection : ICollectionFixture<DeskWorld>
{
    public const string Name = "push from the desk";
}
