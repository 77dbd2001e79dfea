using System.Globalization;
using System.Security.Cryptography;
using MasteringPortal.Cli;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.AccessTokens;

/// <summary>`mastering projects`, `tracks` and `push` against a portal on a loopback port, with real tokens.</summary>
public sealed class CliAgainstPortalTests(DeskWorldOnKestrel world) : IClassFixture<DeskWorldOnKestrel>
{
    (int Code, string Out, string Err) Mastering(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Projects_and_tracks_list_what_the_token_reaches_with_their_ids()
    {
        var (projectId, trackId, _, _) = await world.ProjectWithRevisionAsync();
        var (_, secret) = await world.TokenAsync(world.Engineer);

        var projects = Mastering("projects", "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(0, projects.Code);
        await using var db = await world.Db.CreateDbContextAsync();
        foreach (var id in await db.Projects.Where(p => p.StudioId == world.StudioId).Select(p => p.Id).ToListAsync())
            Assert.Contains(id.ToString(), projects.Out);

        var tracks = Mastering("tracks", "--project", projectId.ToString(), "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(0, tracks.Code);
        Assert.Contains($" 1. {trackId}  Night Drive  (mix: night_drive_mix.wav; revision 1 Ready)", tracks.Out);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_in_plain_words()
    {
        var (id, secret) = await world.TokenAsync(world.Engineer, "studio mac");
        await world.RevokeAsync(world.Engineer, id);
        var (projectId, trackId, _, _) = await world.ProjectWithRevisionAsync();
        using var folder = new TempFolder();
        var master = folder.Write("master.wav", TestMixes.Wav(-3, seconds: 1));

        var push = Mastering("push", master, "--project", projectId.ToString(), "--track", trackId.ToString(), "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(2, push.Code);
        Assert.StartsWith("The portal refused this token: This access token (\"studio mac\") was revoked on", push.Err.Split('\n')[^2]);
        var projects = Mastering("projects", "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(2, projects.Code);
        Assert.StartsWith("The portal refused this token:", projects.Err);
    }

    [Fact]
    public async Task A_token_of_another_studio_reaches_nothing_of_this_one()
    {
        var (projectId, trackId, _, _) = await world.ProjectWithRevisionAsync();
        var (other, _, otherProject, _) = await world.SecondStudioAsync();
        var (_, secret) = await world.TokenAsync(DemoPeople.Principal(other.Id));

        var projects = Mastering("projects", "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(0, projects.Code);
        Assert.Contains(otherProject.ToString(), projects.Out);
        Assert.DoesNotContain(projectId.ToString(), projects.Out);

        var tracks = Mastering("tracks", "--project", projectId.ToString(), "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal((2, ""), (tracks.Code, tracks.Out));
        Assert.Contains("does not exist, or it is not yours to see", tracks.Err);

        using var folder = new TempFolder();
        var master = folder.Write("master.wav", TestMixes.Wav(-3, seconds: 1));
        var push = Mastering("push", master, "--project", projectId.ToString(), "--track", trackId.ToString(), "--post",
            "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(2, push.Code);
        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal(1, await db.Revisions.CountAsync(r => r.TrackId == trackId));
    }

    [Fact]
    public async Task Push_with_post_uploads_the_master_in_chunks_waits_for_its_figures_and_posts_it()
    {
        var (projectId, trackId, _, _) = await world.ProjectWithRevisionAsync();
        var (_, secret) = await world.TokenAsync(world.Engineer);
        using var folder = new TempFolder();
        var bytes = TestMixes.Wav(-3, seconds: 6, rate: 48000);
        Assert.True(bytes.Length > 4 * DeskWorldOnKestrel.ChunkBytes, "the master should go up in several chunks");
        var master = folder.Write("night_drive_desk_master.wav", bytes);

        var push = Mastering("push", master, "--project", projectId.ToString(), "--track", trackId.ToString(), "--note", "Made on the desk.",
            "--post", "--timeout", "180", "--portal", world.BaseUrl, "--token", secret);
        Assert.True(push.Code == 0, push.Err);

        await using var db = await world.Db.CreateDbContextAsync();
        var revision = await db.Revisions.Include(r => r.Files).SingleAsync(r => r.TrackId == trackId && r.Number == 2);
        var file = Assert.Single(revision.Files, f => f.Kind == FileAssetKind.Master);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        Assert.Equal((RevisionStatus.Ready, "Made on the desk."), (revision.Status, revision.EngineerNote));
        Assert.NotNull(revision.PostedAt);
        Assert.Equal(ProjectStatus.InReview, (await db.Projects.SingleAsync(p => p.Id == projectId)).Status);

        var analysis = await db.Analyses.SingleAsync(a => a.FileAssetId == file.Id);
        Assert.Contains($"Revision 2 is ready: {analysis.IntegratedLufs!.Value.ToString("0.0", CultureInfo.InvariantCulture)} LUFS integrated, " +
                        $"{analysis.TruePeakDbtp!.Value.ToString("0.0", CultureInfo.InvariantCulture)} dBTP true peak", push.Out);
        Assert.Contains("Posted revision 2 to the client.", push.Out);
        Assert.Contains("Uploading 100 %", push.Err);
    }

    [Fact]
    public async Task Push_with_post_does_not_post_a_master_whose_checks_found_a_problem()
    {
        var (projectId, trackId, _, _) = await world.ProjectWithRevisionAsync();
        var (_, secret) = await world.TokenAsync(world.Engineer);
        using var folder = new TempFolder();
        var master = folder.Write("too_hot_master.wav", TestMixes.Wav(0, seconds: 4, clipped: true, rate: 48000));

        var push = Mastering("push", master, "--project", projectId.ToString(), "--track", trackId.ToString(), "--post", "--timeout", "180",
            "--portal", world.BaseUrl, "--token", secret);
        Assert.Equal(2, push.Code);
        Assert.Contains("problem: True peak", push.Out);
        Assert.Contains("Not posted: the checks above found problems", push.Err);

        await using var db = await world.Db.CreateDbContextAsync();
        var revision = await db.Revisions.SingleAsync(r => r.TrackId == trackId && r.Number == 2);
        Assert.Equal((RevisionStatus.Ready, (DateTimeOffset?)null), (revision.Status, revision.PostedAt));
    }

    sealed class TempFolder : IDisposable
    {
        readonly string path = Directory.CreateTempSubdirectory("mp-cli-").FullName;

        public string Write(string name, byte[] bytes)
        {
            var file = Path.Combine(path, name);
            File.WriteAllBytes(file, bytes);
            return file;
        }

        public void Dispose() => Directory.Delete(path, recursive: true);
    }
}
