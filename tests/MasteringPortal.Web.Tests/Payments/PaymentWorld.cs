using System.Net;
using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace MasteringPortal.Web.Tests.Payments;

/// <summary>A portal of its own with card payments on, talking to <see cref="FakeStripe"/>.</summary>
public sealed class StripePortal() : PaymentWorld(cardPayments: true);

/// <summary>A portal of its own in manual mode (no Stripe keys, the shipped default).</summary>
public sealed class ManualPortal() : PaymentWorld(cardPayments: false);

/// <summary>
/// The real portal (demo studio seeded) with helpers that make a fresh approved project of Ava's with stored
/// masters and previews, so tests never depend on each other's payments.
/// </summary>
public abstract class PaymentWorld : IAsyncLifetime
{
    readonly PortalFactory root = new(seedDemo: true);

    protected PaymentWorld(bool cardPayments)
    {
        if (cardPayments)
        {
            root.Settings["Stripe:SecretKey"] = FakeStripe.SecretKey;
            root.Settings["Stripe:WebhookSecret"] = FakeStripe.WebhookSecret;
        }
        Factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(Stripe.Client())));
    }

    public FakeStripe Stripe { get; } = new();
    public WebApplicationFactory<Program> Factory { get; }
    public IServiceProvider Services => Factory.Services;
    public IDbContextFactory<PortalDbContext> Db => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    public string AvaId { get; private set; } = "";
    public string BenId { get; private set; } = "";
    public string EngineerId { get; private set; } = "";
    DemoPeople people = default!;

    public ClaimsPrincipal Ava => PortalWebFixture.Principal(AvaId);
    public ClaimsPrincipal Ben => PortalWebFixture.Principal(BenId);
    public ClaimsPrincipal Engineer => PortalWebFixture.Principal(EngineerId);

    public async Task InitializeAsync()
    {
        _ = Factory.Server;
        people = await DemoPeople.ReadAsync(Services);
        (AvaId, BenId, EngineerId) = (people.AvaId, people.BenId, people.EngineerId);
    }

    /// <summary>A signed-in browser-like client (cookies kept, redirects not followed).</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(client, email, DemoSeeder.Password);
        return client;
    }

    /// <summary>
    /// An approved project of Ava's: each track has a posted revision approved as final, with its masters (24-bit,
    /// 16-bit, MP3) and its preview stored; <paramref name="masterBytes"/> of deterministic content per master.
    /// </summary>
    public async Task<ApprovedProject> NewApprovedProjectAsync(int tracks = 1, int masterBytes = 4096, ProjectStatus status = ProjectStatus.Approved)
    {
        await using var db = await Db.CreateDbContextAsync();
        var store = Services.GetRequiredService<IFileStore>();
        var studio = await db.Studios.SingleAsync(s => s.Id == people.StudioId);
        var project = people.NewProjectOfAvas($"Pay {Guid.NewGuid():N}"[..16], status, tracks == 1 ? ProjectKind.Single : ProjectKind.EP);
        project.Currency = studio.Currency;
        project.SubmittedAt = DateTimeOffset.UtcNow.AddDays(-3);
        var masters = new List<FileAsset>();
        var previews = new List<FileAsset>();
        for (var t = 1; t <= tracks; t++)
        {
            var track = new Track { ProjectId = project.Id, Title = $"Song {t}", Position = t, Brief = new Brief() };
            var revision = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, ProgressPercent = 100, PostedAt = DateTimeOffset.UtcNow.AddDays(-1) };
            track.Revisions.Add(revision);
            track.ApprovedRevisionId = revision.Id;
            project.Tracks.Add(track);
            foreach (var (format, bits, name) in new[] { ("wav", (int?)24, ".wav"), ("wav", 16, " (16-bit 44.1 kHz).wav"), ("mp3", null, ".mp3") })
            {
                var seed = t * 31 + (bits ?? 1);
                masters.Add(await StoreAsync(store, project, track, revision, FileAssetKind.Master, format, bits, $"Song {t} – revision 1{name}", masterBytes, seed));
            }
            previews.Add(await StoreAsync(store, project, track, revision, FileAssetKind.Preview, "mp3", null, $"Song {t} – revision 1 (preview).mp3", 2048, t));
            project.ApprovedRevisionId = revision.Id;
        }
        project.QuoteMinor = Core.Pricing.Quote.For(studio, project, tracks).TotalMinor;
        db.Projects.Add(project);
        db.FileAssets.AddRange(masters.Concat(previews));
        await db.SaveChangesAsync();
        return new ApprovedProject(project.Id, project.QuoteMinor, project.Currency, masters, previews);
    }

    /// <summary>
    /// A stored file for the project. Masters are real files, since the delivery writes tags into them: a WAV header
    /// around <paramref name="bytes"/> of patterned samples, or a short MP3 made by ffmpeg (its size is its own).
    /// Previews are patterned bytes.
    /// </summary>
    static async Task<FileAsset> StoreAsync(IFileStore store, Project project, Track track, Revision revision, FileAssetKind kind, string format,
        int? bits, string name, int bytes, int seed)
    {
        await using Stream content = (kind, format) switch
        {
            (FileAssetKind.Master, "wav") => WavOfPattern(bits ?? 24, bytes, seed),
            (FileAssetKind.Master, "mp3") => new MemoryStream(await Mp3Async(seed)),
            _ => new PatternStream(bytes, seed),
        };
        var stored = await store.PutAsync(content);
        return new FileAsset
        {
            ProjectId = project.Id, TrackId = track.Id, RevisionId = revision.Id, Kind = kind, Format = format, BitDepth = bits,
            SampleRateHz = 44100, Channels = 2, OriginalName = name, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
        };
    }

    /// <summary>The engineer's "Mark as paid" on the project page, as the page runs it.</summary>
    public async Task MarkPaidAsync(Guid projectId, string reference = "Bank transfer 30 Nov")
    {
        await using var session = await Web.Features.Projects.ProjectSession.OpenAsync(Db, Engineer, projectId);
        var outcome = await session!.RunAsync(TestCommands.For(Db), Core.Workflow.ProjectAction.MarkPaid, reference);
        Assert.True(outcome.Succeeded, outcome.Message);
    }

    /// <summary>
    /// A draft single of Ava's that is an open sample request: a stored mix and, when <paramref name="posted"/>, a finished
    /// sample of 0:30–1:15 posted to her. The studio asks a deposit of <paramref name="depositPercent"/> % to go ahead.
    /// </summary>
    public async Task<Guid> NewSampleRequestAsync(int depositPercent, bool posted = true)
    {
        await using var db = await Db.CreateDbContextAsync();
        var store = Services.GetRequiredService<IFileStore>();
        var studio = await db.Studios.SingleAsync(s => s.Id == people.StudioId);
        studio.SampleDepositPercent = depositPercent;
        var project = people.NewProjectOfAvas($"Sample {Guid.NewGuid():N}"[..16], ProjectStatus.Draft);
        project.Currency = studio.Currency;
        project.SampleRequestedAt = DateTimeOffset.UtcNow.AddDays(-1);
        var track = new Track { ProjectId = project.Id, Title = "Song", Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        var sample = new Revision
        {
            TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, ProgressPercent = 100, SampleStartSeconds = 30, SampleLengthSeconds = 45,
            PostedAt = posted ? DateTimeOffset.UtcNow.AddHours(-1) : null,
        };
        track.Revisions.Add(sample);
        var mix = await StoreAsync(store, project, track, sample, FileAssetKind.Mix, "wav", 24, "mix.wav", 2048, 77);
        mix.RevisionId = null;
        db.Projects.Add(project);
        db.FileAssets.Add(mix);
        await db.SaveChangesAsync();
        track.CurrentMixId = mix.Id;
        await db.SaveChangesAsync();
        return project.Id;
    }

    public async Task<Project> ProjectAsync(Guid id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Projects.AsNoTracking().Include(p => p.Payments).Include(p => p.Events).AsSplitQuery().SingleAsync(p => p.Id == id);
    }

    public async Task<int> StripeEventCountAsync(string eventId)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.StripeEvents.CountAsync(e => e.Id == eventId);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A WAV (stereo, 44.1 kHz, PCM) whose samples are <see cref="PatternStream"/> bytes: about <paramref name="bytes"/> of them.</summary>
    static Stream WavOfPattern(int bits, int bytes, int seed)
    {
        var block = 2 * bits / 8;
        var data = bytes / block * block;
        var header = new byte[44];
        void Put(int at, uint value) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(at), value);
        "RIFF"u8.CopyTo(header);
        Put(4, (uint)(36 + data));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        Put(16, 16);
        Put(20, 1 | 2u << 16);
        Put(24, 44100);
        Put(28, (uint)(44100 * block));
        Put(32, (uint)block | (uint)bits << 16);
        "data"u8.CopyTo(header.AsSpan(36));
        Put(40, (uint)data);
        return new PrefixedStream(header, new PatternStream(data, seed));
    }

    /// <summary>A second of a tone as a 128 kb/s MP3, made by ffmpeg (the tone's pitch from the seed).</summary>
    static async Task<byte[]> Mp3Async(int seed)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mp-payment-{Guid.NewGuid():N}.mp3");
        using var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i",
            $"sine=frequency={200 + seed % 800}:duration=1:sample_rate=44100", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", path])!;
        await ffmpeg.WaitForExitAsync();
        Assert.Equal(0, ffmpeg.ExitCode);
        var bytes = await System.IO.File.ReadAllBytesAsync(path);
        System.IO.File.Delete(path);
        return bytes;
    }
}

public sealed record ApprovedProject(Guid Id, long QuoteMinor, string Currency, IReadOnlyList<FileAsset> Masters, IReadOnlyList<FileAsset> Previews);

/// <summary>
/// A read-only stream of <paramref name="length"/> bytes from a seeded xorshift generator: large test files without
/// holding them in memory, and every file different so the content-addressed store keeps them apart.
/// </summary>
/// <summary>Some bytes, then a stream: a header before patterned samples.</summary>
public sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
{
    int given;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (given < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - given);
            prefix.AsSpan(given, n).CopyTo(buffer);
            given += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => prefix.Length + rest.Length;
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class PatternStream(long length, int seed) : Stream
{
    ulong state = (ulong)seed * 0x9E3779B97F4A7C15UL | 1;
    long position;

    /// <summary>The byte at each position, for checking what came back.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        using var stream = new PatternStream(length, seed);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        for (var i = 0; i < n; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            buffer[i] = (byte)state;
        }
        position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
