using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Delivery;

/// <summary>
/// A project whose first track was rendered by the portal and whose second came from the engineer's own chain is
/// delivered as one: both tracks' approved files, in running order, the uploaded one saying which file is which.
/// </summary>
public sealed class MixedOriginDeliveryTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    [Fact]
    public async Task A_rendered_track_and_an_uploaded_master_are_delivered_together_each_as_what_it_is()
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var project = portal.People.NewProjectOfAvas("Split Origins EP", ProjectStatus.Paid);
        var rendered = new Track { ProjectId = project.Id, Title = "Opening", Position = 1, Brief = new Brief() };
        var uploaded = new Track { ProjectId = project.Id, Title = "Closing", Position = 2, Brief = new Brief() };
        project.Tracks.AddRange([rendered, uploaded]);
        var fromEngine = new Revision { TrackId = rendered.Id, Number = 1, Status = RevisionStatus.Ready, PostedAt = DateTimeOffset.UtcNow };
        var fromDesk = new Revision
        {
            TrackId = uploaded.Id, Number = 1, Status = RevisionStatus.Ready, PostedAt = DateTimeOffset.UtcNow, Origin = RevisionOrigin.UploadedMaster,
        };
        db.Projects.Add(project);
        db.Revisions.AddRange(fromEngine, fromDesk);
        FileAsset File(Track track, Revision revision, string name, string format, int? bits, string? uploader, char key) => new()
        {
            ProjectId = project.Id, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Master, OriginalName = name,
            Format = format, BitDepth = bits, SampleRateHz = 44100, SizeBytes = 10, Sha256 = new string(key, 64), StorageKey = new string(key, 64),
            UploadedById = uploader,
        };
        db.FileAssets.AddRange(
            File(rendered, fromEngine, "Opening – revision 1.wav", "wav", 24, null, 'a'),
            File(uploaded, fromDesk, "Closing MASTER.flac", "flac", 24, portal.EngineerId, 'b'),
            File(uploaded, fromDesk, "Closing – revision 1 (16-bit 44.1 kHz).wav", "wav", 16, null, 'c'));
        await db.SaveChangesAsync();
        rendered.ApprovedRevisionId = fromEngine.Id;
        uploaded.ApprovedRevisionId = fromDesk.Id;
        await db.SaveChangesAsync();

        var loaded = await db.Projects.Include(p => p.Tracks).SingleAsync(p => p.Id == project.Id);
        var items = await DeliveryPackage.ItemsAsync(db, loaded);

        Assert.Equal(
            [
                ("Opening", "WAV 24-bit 44.1 kHz", (string?)null),
                ("Closing", "FLAC 24-bit 44.1 kHz", "the engineer's master"),
                ("Closing", "WAV 16-bit 44.1 kHz", "derived by the portal from the engineer's master"),
            ],
            items.Select(i => (i.Track.Title, DeliveryPackage.Describe(i.File), i.Provenance)).ToList());
    }
}
