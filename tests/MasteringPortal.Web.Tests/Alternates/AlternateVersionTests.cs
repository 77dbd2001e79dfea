using System.Diagnostics;
using System.Net;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Payments;
using MasteringPortal.Web.Tests.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Alternates;

/// <summary>
/// Alternate versions of a track (issue 20 §4, docs/ALBUM.md "Alternate versions"), end to end on the real portal: the
/// client uploads an instrumental through the HTTP upload protocol, its analysis checks it against the main mix (a late
/// export gets the verdict in words), a stranger is refused as if the project did not exist; the engineer's render
/// masters the instrumental with the main master's chain and gain, and the paid delivery puts its files beside the main
/// master's in every format, named and tagged with the alternate's own ISRC.
/// </summary>
public sealed class AlternateVersionTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    const int Rate = DemoMixSynth.SampleRateHz;
    const double Seconds = 4;
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    static (float[] Instrumental, float[] Main) Stems() => AlternateStems.Make(seed: 7, Seconds);

    static float[] Later(float[] samples, int frames) => AlternateStems.Later(samples, frames);

    static byte[] Wav(float[] samples, uint seed) => DemoWav.Encode24(samples, 2, Rate, seed);

    [Fact]
    public async Task The_clients_instrumental_is_checked_against_the_main_mix_replaced_as_history_and_refused_to_a_stranger()
    {
        var (instrumental, main) = Stems();
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Services, "Lantern", Seconds, status: ProjectStatus.Draft, mixWav: Wav(main, 1));

        // 12 ms late (529 frames at 44.1 kHz): the analysis says so, in words.
        using var ava = await ClientAsync(DemoSeeder.ClientEmail);
        var late = await ava.UploadAsync(projectId, trackId, "Lantern instrumental.wav", Wav(Later(instrumental, 529), 2), "alternateMix", alternate: "instrumental");
        var lateCheck = await AlignmentAsync(trackId, late);
        Assert.Equal(529, lateCheck.Report!.OffsetFrames);
        Assert.Contains(lateCheck.Verdicts, v => v.StartsWith("The instrumental starts 12 ms later than the main mix", StringComparison.Ordinal));
        Assert.False(lateCheck.LinesUp);

        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var file = await db.FileAssets.AsNoTracking().SingleAsync(f => f.Id == late);
            var alternate = await db.TrackAlternates.AsNoTracking().SingleAsync(a => a.TrackId == trackId);
            Assert.Equal((FileAssetKind.AlternateMix, alternate.Id, trackId), (file.Kind, file.TrackAlternateId, file.TrackId));
            Assert.Equal((AlternateKind.Instrumental, late), (alternate.Kind, alternate.MixFileId));
            // The track's main mix is untouched.
            Assert.NotEqual(late, (await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId)).CurrentMixId);
        }

        // The export from the session start replaces it; the late one stays as history; the check now says it lines up.
        var aligned = await ava.UploadAsync(projectId, trackId, "Lantern instrumental v2.wav", Wav(instrumental, 3), "alternateMix", alternate: "instrumental");
        var check = await AlignmentAsync(trackId, aligned);
        Assert.True(check.LinesUp, string.Join(" ", check.Verdicts));
        Assert.Contains(check.Verdicts, v => v.Contains("lines up with the main mix", StringComparison.Ordinal));
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var alternate = await db.TrackAlternates.AsNoTracking().SingleAsync(a => a.TrackId == trackId);
            Assert.Equal(aligned, alternate.MixFileId);
            var files = await db.FileAssets.AsNoTracking().Where(f => f.TrackAlternateId == alternate.Id).Select(f => f.Id).ToListAsync();
            Assert.Equal(new[] { late, aligned }.Order(), files.Order());
        }

        // Another client (Ben) is answered as if the project did not exist; a version the portal does not know is refused.
        using var ben = await ClientAsync(DemoSeeder.SecondClientEmail);
        var wav = Wav(instrumental, 4);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.BeginAsync(projectId, trackId, "x.wav", wav, "alternateMix", alternate: "instrumental")).StatusCode);
        var unknown = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "x.wav", wav, "alternateMix", alternate: "karaoke"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("instrumental", unknown.Detail);
    }

    [Fact]
    public async Task The_render_masters_the_instrumental_at_the_main_masters_gain_and_the_delivery_names_and_tags_it()
    {
        var (instrumental, main) = Stems();
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Services, "Ember", Seconds, status: ProjectStatus.Draft, mixWav: Wav(main, 11));
        using (var ava = await ClientAsync(DemoSeeder.ClientEmail))
            await ava.UploadAsync(projectId, trackId, "Ember instrumental.wav", Wav(instrumental, 12), "alternateMix", alternate: "instrumental");
        var alignment = await AlignmentAsync(trackId, null);
        Guid mixId;
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var project = await db.Projects.Include(p => p.Tracks).ThenInclude(t => t.Brief).SingleAsync(p => p.Id == projectId);
            project.Status = ProjectStatus.InProgress;
            project.SubmittedAt = DateTimeOffset.UtcNow;
            var track = project.Tracks.Single();
            track.Isrc = "GBAYE2600201";
            track.Brief!.DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Mp3;
            mixId = track.CurrentMixId!.Value;
            await db.SaveChangesAsync();
        }
        var commands = portal.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();

        // The alternate's own ISRC: checked like a track's, and never the main master's.
        Assert.False((await commands.SetAlternateIsrcAsync(portal.Ava, projectId, trackId, AlternateKind.Instrumental, "GB-AYE-26-002")).Succeeded);
        Assert.Contains("track 1", (await commands.SetAlternateIsrcAsync(portal.Ava, projectId, trackId, AlternateKind.Instrumental, "GBAYE2600201")).Message);
        Assert.False((await commands.SetAlternateIsrcAsync(portal.Ava, projectId, trackId, AlternateKind.ACappella, "GBAYE2600202")).Succeeded);
        var set = await commands.SetAlternateIsrcAsync(portal.Ava, projectId, trackId, AlternateKind.Instrumental, "gb-aye-26-00202");
        Assert.True(set.Succeeded, set.Message);

        // A linear chain (no limiter, no dynamics): the loudness gain alone sets the level, so the masters keep the mixes' step.
        var settings = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -16 }, Limiter = new() { Enabled = false, Settings = new() } };
        var queued = await commands.QueueRenderAsync(portal.Engineer, projectId, trackId, mixId, settings, portal.Services.GetRequiredService<IPortalJobs>());
        Assert.True(queued.Succeeded, queued.Message);
        var revision = await ReadyAsync(trackId);

        var report = RenderReport.FromJson(revision.RenderReportJson)!;
        var alt = Assert.Single(report.Alternates!);
        Assert.Null(alt.Failure);
        Assert.Equal(("instrumental", report.LoudnessGainDb), (alt.Kind, alt.LoudnessGainDb));
        // The masters are as far apart as the mixes: the instrumental did not get a loudness solve of its own.
        var mixStep = alignment.Report!.MainLufs!.Value - alignment.Report.AlternateLufs!.Value;
        Assert.True(mixStep > 0.5, $"the vocal makes the main mix louder ({mixStep:0.00} LU)");
        Assert.InRange(report.IntegratedLufs!.Value - alt.IntegratedLufs!.Value, mixStep - 0.2, mixStep + 0.2);

        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var masters = await db.FileAssets.AsNoTracking().Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master).ToListAsync();
            var alternateId = (await db.TrackAlternates.AsNoTracking().SingleAsync(a => a.TrackId == trackId)).Id;
            Assert.Equal(["Ember – revision 1.mp3", "Ember – revision 1.wav"],
                masters.Where(f => f.TrackAlternateId is null).Select(f => f.OriginalName).Order(StringComparer.Ordinal));
            var ofAlternate = masters.Where(f => f.TrackAlternateId is not null).ToList();
            Assert.All(ofAlternate, f => Assert.Equal(alternateId, f.TrackAlternateId));
            Assert.Equal(["Ember (Instrumental) – revision 1.mp3", "Ember (Instrumental) – revision 1.wav"],
                ofAlternate.Select(f => f.OriginalName).Order(StringComparer.Ordinal));
            Assert.Equal(alt.Files.Select(f => f.FileAssetId).Order(), ofAlternate.Select(f => (Guid?)f.Id).Order());
            // The main master's report lists the main master's files only, and an album is assembled from the main master.
            Assert.DoesNotContain(report.Files, f => ofAlternate.Any(a => a.Id == f.FileAssetId));
            var album = await db.Projects.AsNoTracking().Include(p => p.Tracks).ThenInclude(t => t.Revisions).SingleAsync(p => p.Id == projectId);
            var choice = Assert.Single(await AlbumMasters.ChooseAsync(db, album, default));
            Assert.Equal("Ember – revision 1.wav", choice.Master?.OriginalName);

            // Approved and paid: the delivery.
            var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
            track.ApprovedRevisionId = revision.Id;
            var saved = await db.Revisions.SingleAsync(r => r.Id == revision.Id);
            saved.PostedAt = DateTimeOffset.UtcNow;
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            project.Status = ProjectStatus.Approved;
            project.ApprovedRevisionId = revision.Id;
            await db.SaveChangesAsync();
        }
        await portal.MarkPaidAsync(projectId);

        using var client = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var response = await client.GetAsync($"/api/projects/{projectId}/delivery.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new DeliveryZipCheck(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new[]
        {
            DeliveryPackage.ListingName, "MP3/01 Ember (Instrumental).mp3", "MP3/01 Ember.mp3",
            "WAV 24-bit 44.1 kHz/01 Ember (Instrumental).wav", "WAV 24-bit 44.1 kHz/01 Ember.wav",
        }.Order(StringComparer.Ordinal), zip.Entries);

        var mainWav = WavTagReader.Read(zip.PathOf("WAV 24-bit 44.1 kHz/01 Ember.wav"));
        var altWav = WavTagReader.Read(zip.PathOf("WAV 24-bit 44.1 kHz/01 Ember (Instrumental).wav"));
        Assert.Equal(("Ember", "GBAYE2600201"), (mainWav.Title, mainWav.Isrc));
        Assert.Equal(("Ember (Instrumental)", "GBAYE2600202", 1), (altWav.Title, altWav.Isrc, altWav.TrackNumber));
        var mp3 = zip.Tags("MP3/01 Ember (Instrumental).mp3");
        Assert.Equal("Ember (Instrumental)", mp3["title"]);
        Assert.Contains(mp3.Values, v => v.Contains("GBAYE2600202", StringComparison.Ordinal));
        Assert.DoesNotContain(mp3.Values, v => v.Contains("GBAYE2600201", StringComparison.Ordinal));

        var listing = zip.Text(DeliveryPackage.ListingName);
        Assert.Contains("Ember (Instrumental): instrumental, mastered with the main master's chain and gain  ISRC GBAYE2600202", listing);
        Assert.Contains("01 Ember (Instrumental).wav", listing);
    }

    async Task<UploadClient> ClientAsync(string email)
    {
        var client = new UploadClient(await portal.SignedInAsync(email));
        await client.FetchTokenAsync();
        return client;
    }

    /// <summary>The alignment report of the track's alternate, once its mix's analysis saved it (of <paramref name="mixId"/> when given).</summary>
    async Task<AlternateAlignmentRecord> AlignmentAsync(Guid trackId, Guid? mixId)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            await using var db = await portal.Db.CreateDbContextAsync();
            var alternate = await db.TrackAlternates.AsNoTracking().SingleAsync(a => a.TrackId == trackId);
            var id = mixId ?? alternate.MixFileId!.Value;
            if (alternate.MixFileId == id && AlternateAlignmentRecord.FromJson(alternate.AlignmentJson) is { } record && record.AlternateMixId == id)
                return record;
            var job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == id).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync();
            Assert.False(job?.State is PortalJobState.Failed or PortalJobState.Cancelled, $"The analysis ended {job?.State}: {job?.FailureReason}");
            Assert.True(waited.Elapsed < Patience, "the alternate's analysis did not finish");
        }
    }

    async Task<Revision> ReadyAsync(Guid trackId)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            await using var db = await portal.Db.CreateDbContextAsync();
            var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.TrackId == trackId);
            if (revision.Status == RevisionStatus.Ready) return revision;
            Assert.True(revision.Status != RevisionStatus.Failed, $"The render failed: {revision.FailureReason}");
            var job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == revision.Id).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync();
            Assert.False(job?.State is PortalJobState.Failed or PortalJobState.Cancelled, $"The render ended {job?.State}: {job?.FailureReason}");
            Assert.True(waited.Elapsed < Patience, "the render did not finish");
        }
    }
}
