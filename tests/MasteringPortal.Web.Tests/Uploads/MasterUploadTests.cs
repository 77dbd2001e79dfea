using System.Net;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// An engineer's own master arrives through the same upload protocol as a mix and becomes a revision of its track,
/// kept as it arrived; a client cannot upload one, nor can anyone before submission or as a lossy file.
/// </summary>
[Collection(UploadsCollection.Name)]
public sealed class MasterUploadTests(PortalWebFixture portal)
{
    async Task<(Guid ProjectId, Guid TrackId)> ProjectAsync(ProjectStatus status)
    {
        await using var db = await portal.DbAsync();
        var project = portal.People.NewProjectOfAvas($"Masters {Guid.NewGuid():N}"[..20], status);
        var track = new Track { ProjectId = project.Id, Title = "Harbour Lights", Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return (project.Id, track.Id);
    }

    /// <summary>An MP3 made by ffmpeg from the test's WAV: lossy audio that probes as such.</summary>
    static async Task<byte[]> Mp3Async(double seconds)
    {
        var folder = Directory.CreateTempSubdirectory("mp-master-").FullName;
        try
        {
            var wav = Path.Combine(folder, "in.wav");
            var mp3 = Path.Combine(folder, "out.mp3");
            await File.WriteAllBytesAsync(wav, TestAudio.Wav(seconds, seed: 73));
            using var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", "-i", wav, "-c:a", "libmp3lame", "-b:a", "192k", mp3])!;
            await ffmpeg.WaitForExitAsync();
            Assert.Equal(0, ffmpeg.ExitCode);
            return await File.ReadAllBytesAsync(mp3);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_engineers_master_becomes_a_new_revision_of_the_track_kept_as_it_arrived()
    {
        var (projectId, trackId) = await ProjectAsync(ProjectStatus.Submitted);
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(2, seed: 71);

        var upload = await engineer.BeginOkAsync(projectId, trackId, "Harbour Lights MASTER.wav", wav, kind: "master");
        await engineer.PutChunksAsync(upload.UploadId, wav, Enumerable.Range(0, upload.ChunkCount).ToArray());
        var done = await UploadClient.OkAsync<CompletedUpload>(await engineer.CompleteAsync(upload.UploadId));

        Assert.NotNull(done.RevisionId);
        await using var db = await portal.DbAsync();
        var revision = await db.Revisions.Include(r => r.Files).SingleAsync(r => r.Id == done.RevisionId);
        Assert.Equal((1, RevisionOrigin.UploadedMaster, trackId), (revision.Number, revision.Origin, revision.TrackId));
        var file = Assert.Single(revision.Files);
        Assert.Equal((done.FileAssetId, FileAssetKind.Master, "Harbour Lights MASTER.wav", UploadClient.Sha256(wav)),
            (file.Id, file.Kind, file.OriginalName, file.Sha256));
        // The engineer evidently started: the submitted project moved on, as a first render moves it.
        Assert.Equal(ProjectStatus.InProgress, (await db.Projects.SingleAsync(p => p.Id == projectId)).Status);
        // The mix is untouched: a master never becomes the track's current mix.
        Assert.Null((await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId);
        Assert.True(await db.PortalJobs.AnyAsync(j => j.TargetId == revision.Id && j.Kind == PortalJobKind.Render));
    }

    [Fact]
    public async Task A_client_cannot_upload_a_master_and_nobody_can_before_submission()
    {
        var (inProgress, track) = await ProjectAsync(ProjectStatus.InProgress);
        var (draft, draftTrack) = await ProjectAsync(ProjectStatus.Draft);
        using var client = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(1, seed: 72);

        var asClient = await UploadClient.ProblemAsync(await client.BeginAsync(inProgress, track, "mine.wav", wav, kind: "master"));
        var tooEarly = await UploadClient.ProblemAsync(await engineer.BeginAsync(draft, draftTrack, "early.wav", wav, kind: "master"));

        Assert.Equal("Only the engineer can upload a master.", asClient.Detail);
        Assert.NotEqual(HttpStatusCode.OK, asClient.Status);
        Assert.Contains("not open for new revisions", tooEarly.Detail);
        await using var db = await portal.DbAsync();
        Assert.False(await db.Revisions.AnyAsync(r => r.TrackId == track || r.TrackId == draftTrack));
    }

    [Fact]
    public async Task A_lossy_master_is_refused_in_words_and_nothing_is_kept()
    {
        var (projectId, trackId) = await ProjectAsync(ProjectStatus.InProgress);
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var mp3 = await Mp3Async(2);

        var upload = await engineer.BeginOkAsync(projectId, trackId, "master.mp3", mp3, kind: "master");
        await engineer.PutChunksAsync(upload.UploadId, mp3, Enumerable.Range(0, upload.ChunkCount).ToArray());
        var refused = await UploadClient.ProblemAsync(await engineer.CompleteAsync(upload.UploadId));

        Assert.Contains("A master must be lossless", refused.Detail);
        await using var db = await portal.DbAsync();
        Assert.False(await db.Revisions.AnyAsync(r => r.TrackId == trackId));
    }

    [Fact]
    public async Task The_engineers_own_mp3_replaces_the_derived_one_and_a_file_that_is_not_an_mp3_is_refused()
    {
        var (projectId, trackId) = await ProjectAsync(ProjectStatus.InProgress);
        await using (var setup = await portal.DbAsync())
        {
            var brief = await setup.Briefs.SingleAsync(b => b.TrackId == trackId);
            brief.DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Mp3;
            await setup.SaveChangesAsync();
        }
        using var engineer = await UploadClient.SignedInAsync(portal, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(2, seed: 74);
        var master = await engineer.BeginOkAsync(projectId, trackId, "master.wav", wav, kind: "master");
        await engineer.PutChunksAsync(master.UploadId, wav, Enumerable.Range(0, master.ChunkCount).ToArray());
        var revisionId = (await UploadClient.OkAsync<CompletedUpload>(await engineer.CompleteAsync(master.UploadId))).RevisionId!.Value;
        var derivedMp3 = await ReadyAsync(revisionId);

        // A WAV called .mp3 is not an MP3: refused by its content, and nothing changes.
        var fake = TestAudio.Wav(1, seed: 75);
        var notMp3 = await UploadClient.OkAsync<UploadStatus>(await engineer.BeginAsync(projectId, trackId, "fake.mp3", fake,
            kind: "deliverable", revisionId: revisionId, deliverable: "mp3"));
        await engineer.PutChunksAsync(notMp3.UploadId, fake, Enumerable.Range(0, notMp3.ChunkCount).ToArray());
        Assert.Contains("This file is not an MP3", (await UploadClient.ProblemAsync(await engineer.CompleteAsync(notMp3.UploadId))).Detail);
        // A name that cannot be an MP3 is refused before any byte is sent.
        Assert.Contains("does not look like an MP3", (await UploadClient.ProblemAsync(await engineer.BeginAsync(projectId, trackId, "mine.wav", wav,
            kind: "deliverable", revisionId: revisionId, deliverable: "mp3"))).Detail);

        var mp3 = await Mp3Async(2);
        var own = await UploadClient.OkAsync<UploadStatus>(await engineer.BeginAsync(projectId, trackId, "Harbour Lights (my encode).mp3", mp3,
            kind: "deliverable", revisionId: revisionId, deliverable: "mp3"));
        await engineer.PutChunksAsync(own.UploadId, mp3, Enumerable.Range(0, own.ChunkCount).ToArray());
        var done = await UploadClient.OkAsync<CompletedUpload>(await engineer.CompleteAsync(own.UploadId));

        await using var db = await portal.DbAsync();
        var revision = await db.Revisions.Include(r => r.Files).SingleAsync(r => r.Id == revisionId);
        var entry = RenderReport.FromJson(revision.RenderReportJson)!.Files.Single(f => f.Kind == "mp3");
        Assert.Equal((done.FileAssetId, true), (entry.FileAssetId!.Value, entry.EngineersOwn));
        Assert.True(entry.TruePeakDbtp < 0, $"measured {entry.TruePeakDbtp} dBTP");
        Assert.Equal(UploadClient.Sha256(mp3), revision.Files.Single(f => f.Id == done.FileAssetId).Sha256);
        Assert.DoesNotContain(revision.Files, f => f.Id == derivedMp3);
    }

    /// <summary>Waits for the uploaded master's job to finish; the id of the MP3 the engine derived.</summary>
    async Task<Guid> ReadyAsync(Guid revisionId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var db = await portal.DbAsync();
            var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.Id == revisionId);
            Assert.NotEqual(RevisionStatus.Failed, revision.Status);
            if (revision.Status == RevisionStatus.Ready)
                return RenderReport.FromJson(revision.RenderReportJson)!.Files.Single(f => f.Kind == "mp3").FileAssetId!.Value;
            await Task.Delay(100);
        }
        throw new TimeoutException("The uploaded master's job did not finish within a minute.");
    }
}
