using System.Diagnostics;
using System.Net;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Payments;
using MasteringPortal.Web.Tests.Uploads;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Alternates;

/// <summary>
/// Alternate versions beside a master uploaded from the engineer's desk (issue 20 §4, docs/ALBUM.md "Alternate versions"),
/// on the real portal: each version's master is checked against the main master when it arrives (a late export, the main
/// master sent again or another rate is refused in words and nothing is saved), gets its analysis and the brief's other
/// formats, shows on the workspace and the delivery panel, and is delivered and tagged like a rendered alternate; only
/// the studio's engineer uploads it and only those who may download the main master download it. Also: a new main mix
/// re-checks the alternates' mixes.
/// </summary>
public sealed class AlternateMasterTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    const int Rate = DemoMixSynth.SampleRateHz;
    const double Seconds = 4;
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    static (float[] Instrumental, float[] Main) Stems() => AlternateStems.Make(seed: 17, Seconds);

    static float[] Later(float[] samples, int frames) => AlternateStems.Later(samples, frames);

    static byte[] Wav(float[] samples, uint seed, int rate = Rate) => DemoWav.Encode24(samples, 2, rate, seed);

    [Fact]
    public async Task The_engineers_instrumental_master_is_checked_against_the_uploaded_master_shown_and_delivered_tagged()
    {
        var (instrumental, main) = Stems();
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Services, "Harbour", Seconds, mixWav: Wav(main, 1));
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var brief = await db.Briefs.SingleAsync(b => b.TrackId == trackId);
            brief.DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Mp3;
            await db.SaveChangesAsync();
        }
        using var engineer = await UploaderAsync(DemoSeeder.EngineerEmail);
        var revisionId = (await CompleteAsync(engineer, projectId, trackId, "Harbour MASTER.wav", Wav(main, 2), "master")).RevisionId!.Value;
        await ReadyAsync(revisionId);

        // Refused in words, and nothing is kept: 12 ms late, the main master itself, another rate.
        Assert.Contains("The instrumental starts 12 ms later than the main master",
            await RefusedAsync(engineer, projectId, trackId, revisionId, "late.wav", Wav(Later(instrumental, 529), 3)));
        Assert.Contains("The instrumental is the same as the main master",
            await RefusedAsync(engineer, projectId, trackId, revisionId, "same.wav", Wav(main, 4)));
        Assert.Contains("The instrumental is at 48 kHz and the main master at 44.1 kHz",
            await RefusedAsync(engineer, projectId, trackId, revisionId, "48k.wav", Wav(instrumental, 5, 48_000)));
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            Assert.False(await db.TrackAlternates.AnyAsync(a => a.TrackId == trackId));
            Assert.False(await db.FileAssets.AnyAsync(f => f.RevisionId == revisionId && f.TrackAlternateId != null));
        }

        // The export from the session start lines up: a Master of the revision with its version, made on its first master.
        var done = await CompleteAsync(engineer, projectId, trackId, "Harbour INSTRUMENTAL.wav", Wav(instrumental, 6), "alternateMaster",
            revisionId, "instrumental");
        Assert.Equal(revisionId, done.RevisionId);
        var line = await CheckedAsync(revisionId, done.FileAssetId);
        Guid alternateId;
        List<FileAsset> files;
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var alternate = await db.TrackAlternates.AsNoTracking().SingleAsync(a => a.TrackId == trackId);
            alternateId = alternate.Id;
            Assert.Equal((AlternateKind.Instrumental, (Guid?)null), (alternate.Kind, alternate.MixFileId));
            files = await db.FileAssets.AsNoTracking().Where(f => f.TrackAlternateId == alternateId).ToListAsync();
        }
        var uploaded = files.Single(f => f.Id == done.FileAssetId);
        Assert.Equal((FileAssetKind.Master, revisionId, "Harbour INSTRUMENTAL.wav"), (uploaded.Kind, uploaded.RevisionId, uploaded.OriginalName));
        var mp3 = files.Single(f => f.Id != done.FileAssetId);
        Assert.Equal(("Harbour (Instrumental) – revision 1.mp3", FileAssetKind.Master, revisionId, (string?)null),
            (mp3.OriginalName, mp3.Kind, mp3.RevisionId, mp3.UploadedById));
        Assert.True(line.Uploaded);
        Assert.Equal(["wav24", "mp3"], line.Files.Select(f => f.Kind));
        Assert.Equal([done.FileAssetId, mp3.Id], line.Files.Select(f => f.FileAssetId!.Value));
        Assert.Contains(line.Alignment!.Verdicts, v => v == "The instrumental lines up with the main master: the same length and start, to the sample.");
        // What differs is the vocal: quieter than the main master, far above silence.
        Assert.InRange(line.Alignment.DifferenceLufs!.Value, -60, line.Alignment.MainLufs!.Value - 1);
        Assert.True(line.IntegratedLufs < line.Alignment.MainLufs, "the instrumental is quieter than the song");

        // A bad replacement is refused and the instrumental master already there stays, with what was made from it.
        Assert.Contains("starts 12 ms later",
            await RefusedAsync(engineer, projectId, trackId, revisionId, "late again.wav", Wav(Later(instrumental, 529), 7)));
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            Assert.Equal(files.Select(f => f.Id).Order(),
                (await db.FileAssets.AsNoTracking().Where(f => f.TrackAlternateId == alternateId).Select(f => f.Id).ToListAsync()).Order());
        }

        // The engineer's workspace lists it with its files.
        using (var desk = await portal.SignedInAsync(DemoSeeder.EngineerEmail))
        {
            var workspace = await (await desk.GetAsync($"/projects/{projectId}/tracks/{trackId}/workspace")).Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"alternate-master\" data-kind=\"instrumental\"", workspace);
            Assert.Contains($"/api/files/{mp3.Id}/audio?download=1", workspace);
            Assert.Contains("the engineer&#x27;s own master, uploaded beside the main master", workspace);
        }

        // ISRCs, then posted, approved: before payment Ava sees the version listed but cannot take its files; Ben never sees them.
        var commands = portal.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();
        Assert.True((await commands.SetTrackCreditsAsync(portal.Ava, projectId, trackId, new TrackCredits("GBAYE2600401", "", ""))).Succeeded);
        Assert.True((await commands.SetAlternateIsrcAsync(portal.Ava, projectId, trackId, AlternateKind.Instrumental, "GB-AYE-26-00402")).Succeeded);
        await ApproveAsync(projectId, trackId, revisionId);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        using var ben = await portal.SignedInAsync(DemoSeeder.SecondClientEmail);
        using var stranger = await portal.SignedInAsync(await OtherStudiosClientAsync());
        foreach (var file in files)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{file.Id}/audio?download=1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/files/{file.Id}/audio?download=1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/files/{file.Id}/audio?download=1")).StatusCode);
        }
        var locked = await (await ava.GetAsync($"/projects/{projectId}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"delivery-alternate\" data-kind=\"instrumental\"", locked);
        Assert.Contains("Harbour (Instrumental)", locked);
        Assert.DoesNotContain($"api/files/{done.FileAssetId}/audio?download=1", locked);

        await portal.MarkPaidAsync(projectId);
        foreach (var file in files)
        {
            Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{file.Id}/audio?download=1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/files/{file.Id}/audio?download=1")).StatusCode);
        }
        var paid = await (await ava.GetAsync($"/projects/{projectId}")).Content.ReadAsStringAsync();
        Assert.Contains($"api/files/{done.FileAssetId}/audio?download=1", paid);
        Assert.Contains($"api/files/{mp3.Id}/audio?download=1", paid);
        Assert.Contains("ISRC GBAYE2600402", paid);

        var response = await ava.GetAsync($"/api/projects/{projectId}/delivery.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new DeliveryZipCheck(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new[]
        {
            DeliveryPackage.ListingName, "MP3/01 Harbour (Instrumental).mp3", "MP3/01 Harbour.mp3",
            "WAV 24-bit 44.1 kHz/01 Harbour (Instrumental).wav", "WAV 24-bit 44.1 kHz/01 Harbour.wav",
        }.Order(StringComparer.Ordinal), zip.Entries);
        var mainWav = WavTagReader.Read(zip.PathOf("WAV 24-bit 44.1 kHz/01 Harbour.wav"));
        var altWav = WavTagReader.Read(zip.PathOf("WAV 24-bit 44.1 kHz/01 Harbour (Instrumental).wav"));
        Assert.Equal(("Harbour", "GBAYE2600401"), (mainWav.Title, mainWav.Isrc));
        Assert.Equal(("Harbour (Instrumental)", "GBAYE2600402", 1), (altWav.Title, altWav.Isrc, altWav.TrackNumber));
        var altMp3 = zip.Tags("MP3/01 Harbour (Instrumental).mp3");
        Assert.Equal("Harbour (Instrumental)", altMp3["title"]);
        Assert.Contains(altMp3.Values, v => v.Contains("GBAYE2600402", StringComparison.Ordinal));
        var listing = zip.Text(DeliveryPackage.ListingName);
        Assert.Contains("Harbour (Instrumental): instrumental, mastered with the main master's chain and gain  ISRC GBAYE2600402", listing);
        Assert.Contains("01 Harbour (Instrumental).wav", listing);
        Assert.Contains("(the engineer's master)", listing[listing.IndexOf("01 Harbour (Instrumental).wav", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Only_the_studios_engineer_uploads_an_alternate_master_and_only_beside_a_finished_uploaded_master()
    {
        var (projectId, trackId, uploadedId, renderedId) = await ProjectWithRevisionsAsync();
        var wav = Wav(Stems().Instrumental, 9);
        async Task<(HttpStatusCode Status, string Detail, bool Retry)> BeginAsync(UploadClient who, Guid? revisionId, string? version = "instrumental") =>
            await UploadClient.ProblemAsync(await who.BeginAsync(projectId, trackId, "instrumental.wav", wav, "alternateMaster",
                revisionId: revisionId, alternate: version));

        using var ava = await UploaderAsync(DemoSeeder.ClientEmail);
        using var ben = await UploaderAsync(DemoSeeder.SecondClientEmail);
        using var stranger = await UploaderAsync(await OtherStudiosClientAsync());
        using var engineer = await UploaderAsync(DemoSeeder.EngineerEmail);

        var asClient = await BeginAsync(ava, uploadedId);
        Assert.Equal((HttpStatusCode.Forbidden, "Only the engineer can upload a master."), (asClient.Status, asClient.Detail));
        Assert.Equal(HttpStatusCode.NotFound, (await BeginAsync(ben, uploadedId)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await BeginAsync(stranger, uploadedId)).Status);
        // Beside a rendered revision (its alternates are rendered from their mixes), or none: not a place for one.
        var besideRender = await BeginAsync(engineer, renderedId);
        Assert.Equal((HttpStatusCode.NotFound, ProjectCommands.AlternateMasterTooEarly), (besideRender.Status, besideRender.Detail));
        Assert.Equal(HttpStatusCode.NotFound, (await BeginAsync(engineer, null)).Status);
        var unknown = await BeginAsync(engineer, uploadedId, "karaoke");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("instrumental", unknown.Detail);
        var ok = await engineer.BeginAsync(projectId, trackId, "instrumental.wav", wav, "alternateMaster", revisionId: uploadedId, alternate: "instrumental");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // The command path refuses the same people on its own.
        var commands = portal.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();
        var arrived = new ArrivedFile(projectId, trackId, FileAssetKind.Master, null, "x.wav", new Core.Storage.StoredFile(new string('a', 64), new string('a', 64), 1),
            new Audio.IO.AudioFileInfo(new Audio.AudioFormat(Rate, 2, 24, Audio.SampleEncoding.Pcm, "wav"), Rate));
        var report = new Audio.Render.AlternateAlignmentReport("instrumental", Rate, 2, 1, 1, 0, 1, -20, -20, -10, -14, -15, []);
        Assert.Equal(Core.Commands.ActionOutcome.NotYours, (await commands.AttachAlternateMasterAsync(portal.Ben, uploadedId, AlternateKind.Instrumental, arrived, report)).Outcome);
        Assert.False((await commands.AttachAlternateMasterAsync(portal.Ava, uploadedId, AlternateKind.Instrumental, arrived, report)).Outcome.Succeeded);
        await using var db = await portal.Db.CreateDbContextAsync();
        Assert.False(await db.TrackAlternates.AnyAsync(a => a.TrackId == trackId));
    }

    [Fact]
    public async Task A_new_main_mix_checks_the_alternates_mixes_against_it_again()
    {
        var (instrumental, main) = Stems();
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Services, "Tidewater", Seconds, status: ProjectStatus.Draft, mixWav: Wav(main, 21));
        using var ava = await UploaderAsync(DemoSeeder.ClientEmail);
        var alternateMix = await ava.UploadAsync(projectId, trackId, "Tidewater instrumental.wav", Wav(instrumental, 22), "alternateMix", alternate: "instrumental");
        Guid firstMain;
        await using (var db = await portal.Db.CreateDbContextAsync())
            firstMain = (await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId)).CurrentMixId!.Value;
        Assert.True((await AlignmentAsync(trackId, firstMain)).LinesUp);

        // The client's new main mix was exported 12 ms late: the instrumental, unchanged, now starts earlier than it.
        var newMain = await ava.UploadAsync(projectId, trackId, "Tidewater mix v2.wav", Wav(Later(main, 529), 23));
        var check = await AlignmentAsync(trackId, newMain);
        Assert.Equal((alternateMix, -529), (check.AlternateMixId, check.Report!.OffsetFrames));
        Assert.False(check.LinesUp);
        Assert.Contains(check.Verdicts, v => v.StartsWith("The instrumental starts 12 ms earlier than the main mix", StringComparison.Ordinal));
    }

    /// <summary>The alternate's alignment report once it was made against <paramref name="mainMixId"/>.</summary>
    async Task<AlternateAlignmentRecord> AlignmentAsync(Guid trackId, Guid mainMixId)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            await using var db = await portal.Db.CreateDbContextAsync();
            var alternate = await db.TrackAlternates.AsNoTracking().SingleAsync(a => a.TrackId == trackId);
            if (AlternateAlignmentRecord.FromJson(alternate.AlignmentJson) is { } record && record.MainMixId == mainMixId) return record;
            var jobs = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == mainMixId || j.TargetId == alternate.MixFileId).ToListAsync();
            Assert.DoesNotContain(jobs, j => j.State is PortalJobState.Failed or PortalJobState.Cancelled);
            Assert.True(waited.Elapsed < Patience, "the alternate was not checked against the main mix");
        }
    }

    async Task<UploadClient> UploaderAsync(string email)
    {
        var client = new UploadClient(await portal.SignedInAsync(email));
        await client.FetchTokenAsync();
        return client;
    }

    static async Task<CompletedUpload> CompleteAsync(UploadClient who, Guid projectId, Guid trackId, string name, byte[] file, string kind,
        Guid? revisionId = null, string? alternate = null)
    {
        var upload = await UploadClient.OkAsync<UploadStatus>(await who.BeginAsync(projectId, trackId, name, file, kind, revisionId: revisionId, alternate: alternate));
        await who.PutChunksAsync(upload.UploadId, file, Enumerable.Range(0, upload.ChunkCount).ToArray());
        return await UploadClient.OkAsync<CompletedUpload>(await who.CompleteAsync(upload.UploadId));
    }

    /// <summary>An instrumental master upload that the portal refuses at completion: the sentence it gives (422).</summary>
    static async Task<string> RefusedAsync(UploadClient engineer, Guid projectId, Guid trackId, Guid revisionId, string name, byte[] file)
    {
        var upload = await UploadClient.OkAsync<UploadStatus>(await engineer.BeginAsync(projectId, trackId, name, file, "alternateMaster",
            revisionId: revisionId, alternate: "instrumental"));
        await engineer.PutChunksAsync(upload.UploadId, file, Enumerable.Range(0, upload.ChunkCount).ToArray());
        var (status, detail, _) = await UploadClient.ProblemAsync(await engineer.CompleteAsync(upload.UploadId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Nothing was saved", detail);
        return detail;
    }

    async Task ReadyAsync(Guid revisionId)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            await using var db = await portal.Db.CreateDbContextAsync();
            var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.Id == revisionId);
            if (revision.Status == RevisionStatus.Ready) return;
            Assert.True(revision.Status != RevisionStatus.Failed, $"The uploaded master's checks failed: {revision.FailureReason}");
            Assert.True(waited.Elapsed < Patience, "the uploaded master's checks did not finish");
        }
    }

    /// <summary>The revision report's line of the alternate master <paramref name="fileId"/>, once its job measured it and made its formats.</summary>
    async Task<RenderReportAlternate> CheckedAsync(Guid revisionId, Guid fileId)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            await using var db = await portal.Db.CreateDbContextAsync();
            var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.Id == revisionId);
            var line = RenderReport.FromJson(revision.RenderReportJson)!.Alternates?.SingleOrDefault(a => a.Files.Any(f => f.FileAssetId == fileId));
            Assert.NotNull(line);
            if (!line.Pending) return line;
            var job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == fileId).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync();
            Assert.False(job?.State is PortalJobState.Failed or PortalJobState.Cancelled, $"The alternate master's job ended {job?.State}: {job?.FailureReason}");
            Assert.True(waited.Elapsed < Patience, "the alternate master's job did not finish");
        }
    }

    async Task ApproveAsync(Guid projectId, Guid trackId, Guid revisionId)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
        track.ApprovedRevisionId = revisionId;
        (await db.Revisions.SingleAsync(r => r.Id == revisionId)).PostedAt = DateTimeOffset.UtcNow;
        var project = await db.Projects.SingleAsync(p => p.Id == projectId);
        project.Status = ProjectStatus.Approved;
        project.ApprovedRevisionId = revisionId;
        await db.SaveChangesAsync();
    }

    /// <summary>A project of Ava's, in progress, with revision 1 uploaded from the desk (checked) and revision 2 rendered.</summary>
    async Task<(Guid ProjectId, Guid TrackId, Guid UploadedId, Guid RenderedId)> ProjectWithRevisionsAsync()
    {
        var people = await DemoPeople.ReadAsync(portal.Services);
        await using var db = await portal.Db.CreateDbContextAsync();
        var project = people.NewProjectOfAvas($"Desk {Guid.NewGuid():N}"[..16], ProjectStatus.InProgress);
        project.SubmittedAt = DateTimeOffset.UtcNow;
        var track = new Track { ProjectId = project.Id, Title = "Lighthouse", Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        var report = new RenderReport(-14, 5, -1, 0, 1, [], []).ToJson();
        var uploaded = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, Origin = RevisionOrigin.UploadedMaster, RenderReportJson = report };
        var rendered = new Revision { TrackId = track.Id, Number = 2, Status = RevisionStatus.Ready, SettingsJson = "{}", RenderReportJson = report };
        track.Revisions.AddRange([uploaded, rendered]);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return (project.Id, track.Id, uploaded.Id, rendered.Id);
    }

    /// <summary>A client of another studio who signs in (the demo's password): sees nothing of the demo studio.</summary>
    async Task<string> OtherStudiosClientAsync() => (await AlternateStems.OtherStudiosClientAsync(portal)).Email;
}
