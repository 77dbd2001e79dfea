using System.Net;
using System.Security.Cryptography;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Backup;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Hosting;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Jobs;
using MasteringPortal.Web.Tests.Uploads;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// `MasteringPortal.Web backup --to DIR` on a running demo portal while a client's upload is half sent and a render has
/// stored its first master but not saved it, then `restore --from DIR` into a fresh install with the app's own
/// configuration, on SQLite and on PostgreSQL: the restored portal has the same projects, revisions and comments, every
/// file matches the manifest, no row lacks its file, the half-finished work is simply absent, a sign-in cookie issued
/// by the original still works (the keys came back) and the client signs in with her password and downloads what she paid for.
/// </summary>
public sealed class BackupCommandTests
{
    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_backup_taken_during_an_upload_and_a_render_restores_into_a_fresh_install_that_serves_the_same_studio(DatabaseProvider provider)
    {
        await using var originalDatabase = provider == DatabaseProvider.Postgres ? await ThrowawayDatabase.CreateAsync("mp_backup_from") : null;
        await using var restoredDatabase = provider == DatabaseProvider.Postgres ? await ThrowawayDatabase.CreateAsync("mp_backup_to") : null;

        PausingFileStore? store = null;
        using var root = new PortalFactory(seedDemo: true);
        Use(root, originalDatabase);
        using var original = root.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IFileStore>(sp => store = new PausingFileStore(sp.GetRequiredService<LocalFileStore>()))));
        _ = original.Server;
        var people = await DemoPeople.ReadAsync(original.Services);
        var db = original.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

        // Ava's approved single is paid, and she comments on her EP's posted revision.
        Guid paidProjectId, holdingRevisionTrack;
        using (var scope = original.Services.CreateScope())
        {
            var commands = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
            await using var read = await db.CreateDbContextAsync();
            paidProjectId = await read.Projects.Where(p => p.Title == "Glasshouse").Select(p => p.Id).SingleAsync();
            var paid = await commands.RunAsync(people.Engineer, paidProjectId, ProjectAction.MarkPaid, "Bank transfer");
            Assert.True(paid.Succeeded, paid.Message);
            var posted = await read.Revisions.Where(r => r.Track!.Project!.Title == "Tidewater EP" && r.Status == RevisionStatus.Ready).Select(r => r.Id).FirstAsync();
            var (commented, _) = await commands.CommentAsync(people.Ava, posted, 1.5, null, "The intro is lovely, keep it this soft.");
            Assert.True(commented.Succeeded, commented.Message);

            // The engineer renders revision 2 of a track whose changes were asked for; the render stops after storing its first file.
            var track = await read.Tracks.Include(t => t.Revisions).Where(t => t.Project!.Title == "Blue Hour Sessions").OrderBy(t => t.Position).FirstAsync();
            holdingRevisionTrack = track.Id;
            var settings = RenderSettings.FromJson(track.Revisions.Single().SettingsJson);
            settings.InputGain.Enabled = true;
            settings.InputGain.GainDb += 1; // new bits: revision 1's master would share its content
            // The demo's mixes are analysed by then (each analysis stores the mix's preview), so the store pauses the render's file.
            await AnalysesFinishedAsync(db);
            store!.Arm();
            var queued = await commands.QueueRenderAsync(people.Engineer, track.ProjectId, track.Id, track.CurrentMixId!.Value,
                settings, scope.ServiceProvider.GetRequiredService<IPortalJobs>());
            Assert.True(queued.Succeeded, queued.Message);
        }
        await store.Paused.WaitAsync(TimeSpan.FromMinutes(3));

        // Ava's next mix is half sent: two of its four chunks.
        using var avaOnOriginal = original.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(avaOnOriginal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var uploads = new UploadClient(avaOnOriginal);
        await uploads.FetchTokenAsync();
        var (draftId, draftTrackId) = await FirstTrackAsync(db, "Paper Lanterns");
        var nextMix = TestAudio.Wav(3, seed: 22);
        var upload = await uploads.BeginOkAsync(draftId, draftTrackId, "paper-lanterns-v2.wav", nextMix);
        await uploads.PutChunksAsync(upload.UploadId, nextMix, 0, 1);

        using var engineerOnOriginal = original.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await Forms.SubmitAsync(engineerOnOriginal, "/account/login", "login",
            new() { ["Input.Email"] = DemoSeeder.EngineerEmail, ["Input.Password"] = DemoSeeder.Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Select(c => SetCookieHeaderValue.Parse(c)).Single(c => c.Name == "mp.auth");

        var before = await StudioContents.ReadAsync(db);
        var backup = Directory.CreateTempSubdirectory("mp-backup-cmd-").FullName;
        try
        {
            var taken = await RunAsync(["backup", "--to", backup, .. Settings(root, originalDatabase)]);
            store.Release();
            Assert.True(taken.Code == 0, taken.Errors);
            Assert.Contains("Backup complete", taken.Output);
            var manifest = BackupManifest.Read(backup);

            using var restored = new PortalFactory(seedDemo: false);
            Use(restored, restoredDatabase);
            var refusedWithoutFolder = await RunAsync(["restore", .. Settings(restored, restoredDatabase)]);
            Assert.Equal(2, refusedWithoutFolder.Code);
            var done = await RunAsync(["restore", "--from", backup, .. Settings(restored, restoredDatabase)]);
            Assert.True(done.Code == 0, done.Errors);
            var again = await RunAsync(["restore", "--from", backup, .. Settings(restored, restoredDatabase)]);
            Assert.Equal(1, again.Code);
            Assert.Contains("not empty", again.Errors);

            // Every restored file is the one the manifest lists, byte for byte, and every row's file is there.
            var storageRoot = Path.Combine(restored.DataDirectory, "files");
            foreach (var file in manifest.Files)
                Assert.Equal(file.Sha256, await Sha256Async(Path.Combine(storageRoot, PortalBackup.StorePath(file.Sha256))));
            _ = restored.Server;
            var restoredDb = restored.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var after = await StudioContents.ReadAsync(restoredDb);
            Assert.Equal(before.Projects, after.Projects);
            Assert.Equal(before.Revisions, after.Revisions);
            Assert.Equal(before.Comments, after.Comments);
            Assert.Contains(after.Comments, c => c.Text == "The intro is lovely, keep it this soft.");
            Assert.NotEmpty(after.StorageKeys);
            Assert.All(after.StorageKeys, key => Assert.True(File.Exists(Path.Combine(storageRoot, PortalBackup.StorePath(key))), $"No file for the row naming {key}"));

            // The render caught halfway is not Ready and has no files; the master it had stored is named by no row.
            // The half-sent upload is not in the backup at all.
            await using (var check = await restoredDb.CreateDbContextAsync())
            {
                var caught = await check.Revisions.Include(r => r.Files).Where(r => r.TrackId == holdingRevisionTrack).OrderBy(r => r.Number).LastAsync();
                Assert.Equal(2, caught.Number);
                Assert.Empty(caught.Files);
                Assert.NotEqual(RevisionStatus.Ready, caught.Status);
                Assert.False(await check.FileAssets.AnyAsync(f => f.StorageKey == store.PausedKey));
                Assert.False(await check.FileAssets.AnyAsync(f => f.Sha256 == UploadClient.Sha256(nextMix)));
            }
            Assert.Empty(Directory.Exists(Path.Combine(storageRoot, "uploads")) ? Directory.EnumerateFileSystemEntries(Path.Combine(storageRoot, "uploads")) : []);

            // The engineer's sign-in from before the backup still holds.
            using var browser = restored.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            var request = new HttpRequestMessage(HttpMethod.Get, "/engineer");
            request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
            var page = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Paper Lanterns", await page.Content.ReadAsStringAsync());

            // Ava signs in with her old password and downloads the masters she paid for.
            using var ava = restored.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
            List<FileAsset> masters;
            await using (var check = await restoredDb.CreateDbContextAsync())
                masters = await check.FileAssets.AsNoTracking()
                    .Where(f => f.ProjectId == paidProjectId && f.Kind == FileAssetKind.Master && f.Revision!.Status == RevisionStatus.Ready).ToListAsync();
            Assert.NotEmpty(masters);
            foreach (var master in masters)
            {
                var download = await ava.GetAsync($"/api/files/{master.Id}/audio?download=1");
                Assert.Equal(HttpStatusCode.OK, download.StatusCode);
                Assert.Equal(master.Sha256, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
            }
            Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/projects/{paidProjectId}/delivery.zip")).StatusCode);
        }
        finally
        {
            store.Release();
            Directory.Delete(backup, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_command_the_portal_serves()
    {
        Assert.Null((await RunAsync(["--urls", "http://127.0.0.1:5000"])).Code);
        Assert.Null((await RunAsync([])).Code);
    }

    static void Use(PortalFactory portal, ThrowawayDatabase? postgres)
    {
        if (postgres is null) return;
        portal.Settings["Database:Provider"] = "Postgres";
        portal.Settings["ConnectionStrings:Postgres"] = postgres.ConnectionString;
    }

    /// <summary>The portal's own configuration, as an administrator passes it on the command line.</summary>
    static string[] Settings(PortalFactory portal, ThrowawayDatabase? postgres) =>
    [
        $"--Storage:Root={Path.Combine(portal.DataDirectory, "files")}",
        $"--DataProtection:KeysPath={Path.Combine(portal.DataDirectory, "keys")}",
        .. postgres is null
            ? new[] { "--Database:Provider=Sqlite", $"--ConnectionStrings:Sqlite=Data Source={Path.Combine(portal.DataDirectory, "portal.db")}" }
            : ["--Database:Provider=Postgres", $"--ConnectionStrings:Postgres={postgres.ConnectionString}"],
    ];

    static async Task<(int? Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await AdminCommands.TryRunAsync(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    static async Task<(Guid ProjectId, Guid TrackId)> FirstTrackAsync(IDbContextFactory<PortalDbContext> db, string projectTitle)
    {
        await using var read = await db.CreateDbContextAsync();
        var track = await read.Tracks.AsNoTracking().Where(t => t.Project!.Title == projectTitle).OrderBy(t => t.Position).FirstAsync();
        return (track.ProjectId, track.Id);
    }

    static async Task<string> Sha256Async(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }

    /// <summary>Waits (bounded, so a stuck job fails the test instead of hanging it) until no analysis job is queued or running.</summary>
    static async Task AnalysesFinishedAsync(IDbContextFactory<PortalDbContext> db)
    {
        for (var i = 0; i < 1200; i++)
        {
            await using (var read = await db.CreateDbContextAsync())
                if (!await read.PortalJobs.AnyAsync(j => j.Kind == PortalJobKind.Analysis
                        && (j.State == PortalJobState.Queued || j.State == PortalJobState.Running))) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The demo's analyses never finished.");
    }
}
