using System.Diagnostics;
using System.Net;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Delivery;

/// <summary>
/// The release delivery of an EP (issue 20 §3): after the album is assembled for CD, posted and paid, the client's ZIP
/// holds every track in every format asked for, in folders by format and tagged with the release's metadata (read back
/// by ffprobe), the continuous album, a DDP image our reader verifies (checksums, table of contents, ISRCs, UPC, and
/// IMAGE.DAT byte for byte the CD WAV), a CUE sheet Debian's cuebreakpoints reads with the same track starts, and a listing.
/// </summary>
public sealed class AlbumDeliveryTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    static readonly (string Title, double Seconds, string Isrc)[] Songs =
        [("Undertow", 7, "GBAYE2600101"), ("Shoreline", 6, "GBAYE2600102"), ("Breakwater", 8, "GBAYE2600103")];

    const string Upc = "0012345678905";

    [Fact]
    public async Task The_paid_album_delivers_tagged_files_by_format_a_verified_ddp_image_and_a_cue_sheet_debian_reads()
    {
        var projectId = await AssembledPostedAndPaidAsync();

        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var response = await ava.GetAsync($"/api/projects/{projectId}/delivery.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new DeliveryZipCheck(await response.Content.ReadAsByteArrayAsync());

        // By format, then the album and the CD.
        string[] formats = ["WAV 24-bit 44.1 kHz", "FLAC 24-bit 44.1 kHz", "MP3", "AAC (M4A)"];
        string[] extensions = [".wav", ".flac", ".mp3", ".m4a"];
        var expected = new List<string> { DeliveryPackage.ListingName };
        for (var f = 0; f < formats.Length; f++)
            expected.AddRange(Songs.Select((s, i) => $"{formats[f]}/{i + 1:00} {s.Title}{extensions[f]}"));
        expected.Add("Album/Tidewater (continuous, WAV 24-bit 44.1 kHz).wav");
        expected.AddRange(new[] { "DDPID", "DDPMS", "CDTEXT.BIN", "PQDESCR", "IMAGE.DAT", "CHECKSUM.MD5" }.Select(n => $"CD/DDP image/{n}"));
        expected.AddRange(["CD/CUE sheet and WAV/Tidewater.cue", "CD/CUE sheet and WAV/Tidewater.wav"]);
        expected.AddRange(["Vinyl/Tidewater – side A.wav", "Vinyl/Tidewater – side B.wav"]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), zip.Entries);

        // Every track's files carry its tags, whatever the format.
        for (var f = 0; f < formats.Length; f++)
            for (var i = 0; i < Songs.Length; i++)
            {
                var entry = $"{formats[f]}/{i + 1:00} {Songs[i].Title}{extensions[f]}";
                var tags = zip.Tags(entry);
                Assert.True(tags.TryGetValue("title", out var title) && title == Songs[i].Title, $"{entry}: title {Describe(tags)}");
                Assert.True(tags.TryGetValue("artist", out var artist) && artist == "The Tides", $"{entry}: artist {Describe(tags)}");
                if (f > 0)
                {
                    Assert.True(tags.TryGetValue("album", out var album) && album == "Tidewater", $"{entry}: album {Describe(tags)}");
                    // MP4 has no ISRC atom that ffmpeg writes (docs/ALBUM-RELEASE-FORMATS.md): FLAC and MP3 carry it.
                    if (extensions[f] != ".m4a")
                        Assert.True(tags.Any(t => t.Value.Contains(Songs[i].Isrc, StringComparison.Ordinal)), $"{entry}: ISRC {Describe(tags)}");
                }
            }
        // The WAVs: our reader finds every field (bext, LIST-INFO, iXML), ffprobe the bext description with the ISRC.
        var wav = WavTagReader.Read(zip.PathOf("WAV 24-bit 44.1 kHz/02 Shoreline.wav"));
        Assert.Equal(("Shoreline", "The Tides", "Tidewater", "GBAYE2600102", Upc, 2, 3, "Tide Songs Ltd", 2026),
            (wav.Title, wav.Artists, wav.Album, wav.Isrc, wav.Upc, wav.TrackNumber, wav.TrackTotal, wav.Label, wav.Year));
        Assert.Contains("GBAYE2600102", string.Join(" ", zip.Tags("WAV 24-bit 44.1 kHz/02 Shoreline.wav").Values));

        // The DDP image reads back: checksums, three tracks with their ISRCs, the UPC, and IMAGE.DAT is the CD WAV's samples.
        var image = zip.ReadDdp("CD/DDP image", "CD/CUE sheet and WAV/Tidewater.wav");
        Assert.Equal(Songs.Select(s => s.Isrc), image.Programme.Tracks.Select(t => t.Isrc));
        Assert.Equal(Upc, image.Programme.UpcEan);
        Assert.Equal(Songs.Select(s => s.Title), image.Programme.Tracks.Select(t => t.TextOrNone.Title));
        // Track 2 follows track 1 without a pause (a segue); track 3 after a 3 s pause.
        var toc = image.Programme.Tracks;
        Assert.Equal(toc[1].Index0Frame, toc[1].Index1Frame);
        Assert.Equal(3 * 75, toc[2].Index1Frame - toc[2].Index0Frame);

        // Debian's cuebreakpoints reads the CUE sheet and finds the same track starts as the DDP image.
        // (cuebreakpoints puts each break at the track's index 01, after its pause.)
        Assert.Equal(toc.Skip(1).Select(t => t.Index1Frame), zip.CueBreakpoints("CD/CUE sheet and WAV/Tidewater.cue"));

        var listing = zip.Text(DeliveryPackage.ListingName);
        foreach (var (title, _, isrc) in Songs) Assert.Contains($"{title} – The Tides  ISRC {isrc}", listing);
        Assert.Contains("DDP 2.00 for replication, 3 tracks", listing);
        Assert.Contains($"UPC/EAN {Upc}", listing);

        // The record's sides, as asked: tracks 1 and 2 (the segue kept) on side A, track 3 on side B, 24-bit WAVs, tagged.
        Assert.Contains("VINYL (12-inch record at 45)", listing);
        Assert.Contains("Vinyl/Tidewater – side A.wav", listing);
        using (var sideA = Audio.IO.AudioFile.OpenRead(zip.PathOf("Vinyl/Tidewater – side A.wav"), Audio.Codecs.AudioTools.FromPath()))
        using (var sideB = Audio.IO.AudioFile.OpenRead(zip.PathOf("Vinyl/Tidewater – side B.wav"), Audio.Codecs.AudioTools.FromPath()))
        {
            Assert.Equal((44100, 24, 2), (sideA.Format.SampleRateHz, sideA.Format.BitDepth, sideA.Format.Channels));
            // Side A holds songs 1 and 2 back to back (a segue: no pause), side B song 3 alone (no pause before a side's first track).
            Assert.Equal((Songs[0].Seconds + Songs[1].Seconds) * 44100, sideA.LengthFrames!.Value, 1.0);
            Assert.Equal(Songs[2].Seconds * 44100, sideB.LengthFrames!.Value, 1.0);
        }
        Assert.Equal("Tidewater – side B", WavTagReader.Read(zip.PathOf("Vinyl/Tidewater – side B.wav")).Title);

        // A side's WAV on its own: the paying client may take it, another studio's client does not learn it exists.
        Guid sideFile;
        await using (var db = await portal.Db.CreateDbContextAsync())
            sideFile = AlbumReport.FromJson((await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.ProjectId == projectId)).ReportJson)!
                .Vinyl!.Sides[0].FileId!.Value;
        Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{sideFile}/audio")).StatusCode);
        using var ben = await portal.SignedInAsync(DemoSeeder.SecondClientEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/files/{sideFile}/audio")).StatusCode);
    }

    [Fact]
    public async Task Album_files_from_revisions_that_are_no_longer_approved_are_left_out_with_the_reason()
    {
        var projectId = await AssembledPostedAndPaidAsync(otherFormats: false);
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            // A later revision of track 2 is approved after the album was assembled: its CD would hold the old master.
            var track = await db.Tracks.Include(t => t.Revisions).SingleAsync(t => t.ProjectId == projectId && t.Position == 2);
            var master = await db.FileAssets.AsNoTracking().FirstAsync(f => f.RevisionId == track.ApprovedRevisionId && f.Format == "wav");
            var newer = new Revision { TrackId = track.Id, Number = 2, Status = RevisionStatus.Ready, PostedAt = DateTimeOffset.UtcNow };
            db.Revisions.Add(newer);
            db.FileAssets.Add(new FileAsset
            {
                ProjectId = projectId, TrackId = track.Id, RevisionId = newer.Id, Kind = FileAssetKind.Master, OriginalName = "Shoreline – revision 2.wav",
                Format = "wav", SampleRateHz = 44100, BitDepth = 24, Channels = 2, SizeBytes = master.SizeBytes, Sha256 = master.Sha256, StorageKey = master.StorageKey,
            });
            track.ApprovedRevisionId = newer.Id;
            await db.SaveChangesAsync();
        }
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        using var zip = new DeliveryZipCheck(await (await ava.GetAsync($"/api/projects/{projectId}/delivery.zip")).Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(zip.Entries, e => e.StartsWith("CD/", StringComparison.Ordinal) || e.StartsWith("Album/", StringComparison.Ordinal)
                                                || e.StartsWith("Vinyl/", StringComparison.Ordinal));
        Assert.Contains("The album files are not included: album 1 was assembled from other revisions than the approved ones (\"Shoreline\")",
            zip.Text(DeliveryPackage.ListingName));
        Assert.Contains("WAV 24-bit 44.1 kHz/02 Shoreline.wav", zip.Entries);
    }

    static readonly (string Format, string Extension, string Codec)[] Encodes =
        [("flac", ".flac", "-c:a flac -sample_fmt s32 -bits_per_raw_sample 24"), ("mp3", ".mp3", "-c:a libmp3lame -b:a 320k"), ("aac", ".m4a", "-c:a aac -aac_coder fast -b:a 256k")];

    static string Describe(IReadOnlyDictionary<string, string> tags) => "{" + string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}")) + "}";

    /// <summary>
    /// An EP of three tracks with 24-bit masters (and, with <paramref name="otherFormats"/>, the FLAC, MP3 and AAC made from them), the release's details and ISRCs
    /// entered, every revision approved; the engineer sets a segue into track 2 and a 3 s pause before track 3, assembles
    /// for CD with vinyl sides (the real job; side A ends after track 2), posts the album, and the project is paid.
    /// </summary>
    async Task<Guid> AssembledPostedAndPaidAsync(bool otherFormats = true)
    {
        var (projectId, trackIds) = await TestSongs.NewAlbumWithMastersAsync(portal.Services, "Tidewater", Songs.Select(s => (s.Title, s.Seconds)).ToList(), posted: true);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
            var project = await db.Projects.Include(p => p.Tracks).ThenInclude(t => t.Revisions)
                .Include(p => p.Tracks).ThenInclude(t => t.Brief).SingleAsync(p => p.Id == projectId);
            (project.AlbumArtist, project.UpcEan, project.Label, project.ReleaseYear) = ("The Tides", Upc, "Tide Songs Ltd", 2026);
            project.Status = ProjectStatus.Approved;
            var folder = Directory.CreateTempSubdirectory("mp-album-delivery-").FullName;
            foreach (var track in project.Tracks)
            {
                var song = Songs[track.Position - 1];
                (track.Isrc, track.Composer) = (song.Isrc, "M. Tide");
                track.PauseBeforeSeconds = track.Position switch { 2 => 0, 3 => 3, _ => 2 };
                track.Brief!.DeliveryFormats = otherFormats ? DeliveryFormats.Wav24 | DeliveryFormats.Flac | DeliveryFormats.Mp3 | DeliveryFormats.Aac : DeliveryFormats.Wav24;
                var revision = track.Revisions.Single();
                track.ApprovedRevisionId = revision.Id;
                var master = await db.FileAssets.SingleAsync(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master);
                var source = await store.LocalPathAsync(master.StorageKey, Path.Combine(folder, "master.wav"));
                foreach (var (format, extension, codec) in otherFormats ? Encodes : [])
                {
                    var path = Path.Combine(folder, track.Position + extension);
                    Encode(source, path, codec);
                    StoredFile stored;
                    await using (var content = File.OpenRead(path)) stored = await store.PutAsync(content);
                    db.FileAssets.Add(new FileAsset
                    {
                        ProjectId = projectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Master,
                        OriginalName = $"{track.Title} – revision 1{extension}", Format = format, SampleRateHz = 44100, Channels = 2,
                        BitDepth = format == "flac" ? 24 : null, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
                    });
                }
            }
            await db.SaveChangesAsync();
            Directory.Delete(folder, recursive: true);
        }

        var commands = portal.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();
        var queued = await commands.AssembleAlbumAsync(portal.Engineer, projectId, forCd: true,
            new AlbumVinylRequest(Audio.Album.VinylFormat.Ep12At45, SideABreakAfter: 2), portal.Services.GetRequiredService<IPortalJobs>());
        Assert.True(queued.Outcome.Succeeded, queued.Outcome.Message);
        AlbumAssembly? assembly = null;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(3) && assembly?.ReportJson is null; await Task.Delay(200))
        {
            await using var db = await portal.Db.CreateDbContextAsync();
            assembly = await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.Id == queued.AssemblyId);
            var job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == queued.AssemblyId).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync();
            Assert.False(job?.State is PortalJobState.Failed or PortalJobState.Cancelled, $"The album job ended {job?.State}: {job?.FailureReason}");
        }
        Assert.NotNull(assembly?.ReportJson);
        var posted = await commands.PostAlbumAsync(portal.Engineer, projectId, assembly!.Id, "Ready for the plant.");
        Assert.True(posted.Succeeded, posted.Message);
        await portal.MarkPaidAsync(projectId);
        return projectId;
    }

    static void Encode(string input, string output, string codec)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-y", "-i", input }.Concat(codec.Split(' ')).Append(output)) start.ArgumentList.Add(a);
        using var ffmpeg = Process.Start(start)!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, error);
    }
}
