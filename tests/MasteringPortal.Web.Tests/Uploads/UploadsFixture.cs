using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// Upload tests get their own portal (own database and storage folder): they replace demo mixes, and other
/// test classes read the demo seed as it was.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UploadsCollection : ICollectionFixture<PortalWebFixture>
{
    public const string Name = "uploads over HTTP";
}

public static class TestAudio
{
    /// <summary>
    /// A 24-bit stereo 48 kHz WAV of a quiet sine, <paramref name="seconds"/> long (288,000 bytes of audio per second,
    /// so 3 s make four 256 KiB chunks with a short last one). <paramref name="seed"/> varies the dither, hence the bytes.
    /// </summary>
    public static byte[] Wav(double seconds, uint seed)
    {
        const int rate = 48_000;
        var frames = (int)(seconds * rate);
        var samples = new float[frames * 2];
        for (var i = 0; i < frames; i++)
            samples[2 * i] = samples[2 * i + 1] = (float)(0.25 * Math.Sin(2 * Math.PI * 440 * i / rate));
        return DemoWav.Encode24(samples, 2, rate, seed);
    }

    public static AudioFileInfo Probe(byte[] wav)
    {
        using var stream = new MemoryStream(wav, writable: false);
        return AudioFile.Probe(stream);
    }
}

/// <summary>What the upload tests look up in the portal's database.</summary>
public static class UploadTestData
{
    public static async Task<PortalDbContext> DbAsync(this PortalWebFixture portal) =>
        await portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>The first track of the demo project with this title.</summary>
    public static async Task<(Guid ProjectId, Guid TrackId)> TrackOfAsync(this PortalWebFixture portal, string projectTitle)
    {
        await using var db = await portal.DbAsync();
        var track = await db.Tracks.AsNoTracking().Where(t => t.Project!.Title == projectTitle).OrderBy(t => t.Position).FirstAsync();
        return (track.ProjectId, track.Id);
    }

    public static string UploadsFolder(this PortalWebFixture portal) => Path.Combine(portal.Factory.DataDirectory, "files", "uploads");
}
