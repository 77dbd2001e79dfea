using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// A client cannot tie up the workers with uploads: a day's quota per person, a quota per project, and the studio's
/// longest file, each refused with a sentence that says what to do. Nothing already uploaded is touched.
/// </summary>
[Collection(UploadsCollection.Name)]
public sealed class UploadLimitTests(PortalWebFixture portal)
{
    /// <summary>Runs <paramref name="test"/> with the upload limits changed, and puts them back.</summary>
    async Task WithLimitsAsync(Action<UploadOptions> change, Func<Task> test)
    {
        var limits = portal.Factory.Services.GetRequiredService<IOptions<UploadOptions>>().Value;
        var saved = (limits.FilesPerUserPerDay, limits.BytesPerUserPerDay, limits.FilesPerProject, limits.BytesPerProject);
        change(limits);
        try { await test(); }
        finally
        {
            (limits.FilesPerUserPerDay, limits.BytesPerUserPerDay, limits.FilesPerProject, limits.BytesPerProject) = saved;
        }
    }

    async Task<(int Files, long Bytes)> UploadedByAsync(string email, DateTimeOffset since)
    {
        await using var db = await portal.DbAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var files = db.FileAssets.Where(f => f.UploadedById == userId && f.CreatedAt >= since);
        return (await files.CountAsync(), await files.SumAsync(f => f.SizeBytes));
    }

    [Fact]
    public async Task A_client_who_reached_the_days_file_quota_is_refused_with_a_429_that_says_so()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.UploadAsync(projectId, trackId, "first.wav", TestAudio.Wav(1, 71));
        var (files, _) = await UploadedByAsync(DemoSeeder.ClientEmail, DateTimeOffset.UtcNow.AddDays(-1));
        Assert.True(files >= 1);

        await WithLimitsAsync(l => l.FilesPerUserPerDay = files, async () =>
        {
            var refused = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "one-more.wav", TestAudio.Wav(1, 72)));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.Equal($"You have uploaded {files} files in the last 24 hours, the most this portal takes in a day. " +
                         "Please try again tomorrow, or ask the studio if you need to send more.", refused.Detail);
        });
        // Under the quota again, the same file starts.
        await ava.BeginOkAsync(projectId, trackId, "one-more.wav", TestAudio.Wav(1, 72));
    }

    [Fact]
    public async Task A_file_that_would_take_the_project_past_its_bytes_is_refused_before_a_byte_is_sent()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        long held;
        await using (var db = await portal.DbAsync())
            held = await db.FileAssets.Where(f => f.ProjectId == projectId && f.UploadedById != null).SumAsync(f => f.SizeBytes);
        var wav = TestAudio.Wav(1, 73);

        await WithLimitsAsync(l => l.BytesPerProject = held + wav.Length - 1, async () =>
        {
            var refused = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "big.wav", wav));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
            Assert.StartsWith("This file would take the project past", refused.Detail);
        });
        await WithLimitsAsync(l => l.BytesPerProject = held + wav.Length, async () =>
            await ava.BeginOkAsync(projectId, trackId, "big.wav", wav));
    }

    [Fact]
    public async Task A_file_longer_than_the_studio_takes_is_refused_at_completion_with_its_length()
    {
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        int before;
        await using (var db = await portal.DbAsync())
        {
            var studio = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Studio!).SingleAsync();
            before = studio.MaxFileMinutes;
            studio.MaxFileMinutes = 1;
            await db.SaveChangesAsync();
        }
        try
        {
            using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
            var wav = TestAudio.Wav(61, 74);
            var upload = await ava.BeginOkAsync(projectId, trackId, "extended-mix.wav", wav);
            await ava.PutChunksAsync(upload.UploadId, wav, Enumerable.Range(0, upload.ChunkCount).ToArray());
            var refused = await UploadClient.ProblemAsync(await ava.CompleteAsync(upload.UploadId));
            Assert.StartsWith("This file is 1 min 1 s long; this studio takes files of up to 1 minute.", refused.Detail);
            await using var db = await portal.DbAsync();
            Assert.False(await db.FileAssets.AnyAsync(f => f.OriginalName == "extended-mix.wav"));
        }
        finally
        {
            await using var db = await portal.DbAsync();
            var studio = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Studio!).SingleAsync();
            studio.MaxFileMinutes = before;
            await db.SaveChangesAsync();
        }
    }
}
