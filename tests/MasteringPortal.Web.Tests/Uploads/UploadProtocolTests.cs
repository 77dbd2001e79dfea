using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>The chunk protocol of docs/UPLOADS.md against the real app: order, repeats, damage, checksums, resuming, attaching.</summary>
[Collection(UploadsCollection.Name)]
public sealed class UploadProtocolTests(PortalWebFixture portal)
{
    const string DraftTitle = "Paper Lanterns"; // Ava's draft: she may upload to it

    [Fact]
    public async Task Chunks_sent_out_of_order_reassemble_into_the_exact_file()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(3, seed: 11);
        var upload = await ava.BeginOkAsync(projectId, trackId, "lanterns v2.wav", wav);
        Assert.Equal(4, upload.ChunkCount);
        Assert.Empty(upload.ReceivedChunks);

        await ava.PutChunksAsync(upload.UploadId, wav, 3, 1, 0, 2);
        var done = await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId));

        var asset = await FileAssetAsync(done.FileAssetId);
        Assert.Equal(UploadClient.Sha256(wav), asset.Sha256);
        Assert.Equal(wav.Length, asset.SizeBytes);
        await using var stored = Store.OpenRead(asset.StorageKey);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(wav, copy.ToArray());
    }

    [Fact]
    public async Task A_repeated_chunk_is_acknowledged_and_counted_once()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(3, seed: 12);
        var upload = await ava.BeginOkAsync(projectId, trackId, "repeat.wav", wav);

        var first = await UploadClient.OkAsync<UploadStatus>(await ava.PutChunkAsync(upload.UploadId, wav, 1));
        var again = await UploadClient.OkAsync<UploadStatus>(await ava.PutChunkAsync(upload.UploadId, wav, 1));
        Assert.Equal([1], first.ReceivedChunks);
        Assert.Equal([1], again.ReceivedChunks);
        Assert.Equal(UploadClient.ChunkBytes, again.ReceivedBytes);

        await ava.PutChunksAsync(upload.UploadId, wav, 0, 2, 3);
        await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId));
    }

    [Fact]
    public async Task A_damaged_chunk_is_refused_for_resending_and_the_good_copy_is_taken()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(3, seed: 13);
        var upload = await ava.BeginOkAsync(projectId, trackId, "damaged.wav", wav);

        var damaged = UploadClient.Chunk(wav, 2);
        damaged[1000] ^= 0x40; // one flipped bit on the way
        var (status, detail, retry) = await UploadClient.ProblemAsync(await ava.PutChunkAsync(upload.UploadId, wav, 2, body: damaged));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("damaged on the way", detail);
        Assert.True(retry);
        var now = await UploadClient.OkAsync<UploadStatus>(await ava.StatusAsync(upload.UploadId));
        Assert.DoesNotContain(2, now.ReceivedChunks);

        await ava.PutChunksAsync(upload.UploadId, wav, 2, 0, 1, 3);
        var done = await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId));
        Assert.Equal(UploadClient.Sha256(wav), (await FileAssetAsync(done.FileAssetId)).Sha256);
    }

    [Fact]
    public async Task A_chunk_of_the_wrong_length_is_refused()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(3, seed: 14);
        var upload = await ava.BeginOkAsync(projectId, trackId, "short.wav", wav);

        var (status, detail, _) = await UploadClient.ProblemAsync(await ava.PutChunkAsync(upload.UploadId, wav, 0, body: UploadClient.Chunk(wav, 0)[..1000]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"must be {UploadClient.ChunkBytes} bytes", detail);
        Assert.Empty((await UploadClient.OkAsync<UploadStatus>(await ava.StatusAsync(upload.UploadId))).ReceivedChunks);
        await ava.AbandonAsync(upload.UploadId);
    }

    [Fact]
    public async Task A_file_whose_whole_checksum_differs_from_the_declared_one_is_discarded_with_a_reason()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(3, seed: 15);
        var filesBefore = await CountFilesAsync(projectId);
        var upload = await ava.BeginOkAsync(projectId, trackId, "mismatch.wav", wav, sha256: UploadClient.Sha256(TestAudio.Wav(3, seed: 16)));
        await ava.PutChunksAsync(upload.UploadId, wav, 0, 1, 2, 3);

        var (status, detail, _) = await UploadClient.ProblemAsync(await ava.CompleteAsync(upload.UploadId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("checksum does not match", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await ava.StatusAsync(upload.UploadId)).StatusCode);
        Assert.False(Directory.Exists(UploadFolder(upload.UploadId)));
        Assert.Equal(filesBefore, await CountFilesAsync(projectId));
        Assert.False(Store.Exists(UploadClient.Sha256(wav)));
    }

    [Fact]
    public async Task Completing_before_every_chunk_arrived_says_how_many_are_missing()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(3, seed: 17);
        var upload = await ava.BeginOkAsync(projectId, trackId, "early.wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0, 3);

        var (status, detail, _) = await UploadClient.ProblemAsync(await ava.CompleteAsync(upload.UploadId));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("2 of the 4 pieces have not arrived", detail);
        await ava.AbandonAsync(upload.UploadId);
    }

    [Fact]
    public async Task After_an_interruption_beginning_again_returns_the_confirmed_chunks_and_the_upload_finishes()
    {
        var (projectId, trackId) = await TrackOfAsync(DraftTitle);
        var wav = TestAudio.Wav(3, seed: 18);
        Guid uploadId;
        using (var before = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password))
        {
            var upload = await before.BeginOkAsync(projectId, trackId, "resume me.wav", wav);
            uploadId = upload.UploadId;
            await before.PutChunksAsync(uploadId, wav, 0, 2);
        } // the tab is closed mid-upload

        using var after = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var resumed = await after.BeginOkAsync(projectId, trackId, "resume me.wav", wav);
        Assert.Equal(uploadId, resumed.UploadId);
        Assert.Equal([0, 2], resumed.ReceivedChunks);

        await after.PutChunksAsync(uploadId, wav, 1, 3);
        var done = await UploadClient.OkAsync<CompletedUpload>(await after.CompleteAsync(uploadId));
        Assert.Equal(UploadClient.Sha256(wav), (await FileAssetAsync(done.FileAssetId)).Sha256);

        // The same file again is a new upload, not the finished one.
        var fresh = await after.BeginOkAsync(projectId, trackId, "resume me.wav", wav);
        Assert.NotEqual(uploadId, fresh.UploadId);
        await after.AbandonAsync(fresh.UploadId);
    }

    [Fact]
    public async Task A_completed_mix_is_one_new_file_asset_that_becomes_the_current_mix_while_the_old_mix_stays()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var oldMixId = await CurrentMixAsync(trackId);
        Assert.NotNull(oldMixId);
        var filesBefore = await CountFilesAsync(projectId);
        var eventsBefore = await CountEventsAsync(projectId, ProjectEventKind.FileAdded);

        var wav = TestAudio.Wav(3, seed: 19);
        var upload = await ava.BeginOkAsync(projectId, trackId, "Paper Lanterns (mix 3).wav", wav);
        await ava.PutChunksAsync(upload.UploadId, wav, 0, 1, 2, 3);
        var done = await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId));
        var again = await UploadClient.OkAsync<CompletedUpload>(await ava.CompleteAsync(upload.UploadId)); // a retried "complete"

        Assert.Equal(done.FileAssetId, again.FileAssetId);
        Assert.Equal(filesBefore + 1, await CountFilesAsync(projectId));
        Assert.Equal(eventsBefore + 1, await CountEventsAsync(projectId, ProjectEventKind.FileAdded));
        Assert.Equal(done.FileAssetId, await CurrentMixAsync(trackId));
        Assert.NotNull(await FindFileAssetAsync(oldMixId!.Value));

        var asset = await FileAssetAsync(done.FileAssetId);
        var expected = TestAudio.Probe(wav);
        Assert.Equal(FileAssetKind.Mix, asset.Kind);
        Assert.Equal(trackId, asset.TrackId);
        Assert.Equal("Paper Lanterns (mix 3).wav", asset.OriginalName);
        Assert.Equal("wav", asset.Format);
        Assert.Equal(expected.Format.SampleRateHz, asset.SampleRateHz);
        Assert.Equal(24, asset.BitDepth);
        Assert.Equal(2, asset.Channels);
        Assert.Equal(3.0, asset.DurationSeconds!.Value, precision: 6);
        Assert.Equal(portal.AvaId, asset.UploadedById);
        Assert.True(Store.Exists(asset.StorageKey));
        Assert.DoesNotContain("Paper Lanterns", string.Join("|", Directory.EnumerateFileSystemEntries(StorageRoot, "*", SearchOption.AllDirectories)));
    }

    [Fact]
    public async Task A_reference_upload_becomes_a_new_reference_titled_by_its_file_name()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var wav = TestAudio.Wav(1, seed: 20);
        var id = await ava.UploadAsync(projectId, trackId, "Favourite master.wav", wav, kind: "reference");

        var asset = await FileAssetAsync(id);
        Assert.Equal(FileAssetKind.Reference, asset.Kind);
        await using var db = await DbAsync();
        var brief = await db.Briefs.AsNoTracking().Include(b => b.References).SingleAsync(b => b.TrackId == trackId);
        var reference = Assert.Single(brief.References, r => r.FileAssetId == id);
        Assert.Equal("Favourite master", reference.Title);
        Assert.NotEqual(id, await CurrentMixAsync(trackId));
    }

    [Fact]
    public async Task A_reference_upload_can_fill_an_existing_reference_of_the_brief()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        Guid referenceId;
        await using (var db = await DbAsync())
            referenceId = (await db.Briefs.AsNoTracking().Include(b => b.References).SingleAsync(b => b.TrackId == trackId))
                .References.First(r => r.Title.StartsWith("Phoebe")).Id;

        var id = await ava.UploadAsync(projectId, trackId, "motion sickness.wav", TestAudio.Wav(1, seed: 21), kind: "reference", referenceId: referenceId);

        await using var after = await DbAsync();
        var reference = (await after.Briefs.AsNoTracking().Include(b => b.References).SingleAsync(b => b.TrackId == trackId))
            .References.Single(r => r.Id == referenceId);
        Assert.Equal(id, reference.FileAssetId);
        Assert.StartsWith("Phoebe", reference.Title); // the client's words stay
    }

    [Fact]
    public async Task A_text_file_renamed_wav_is_refused_with_a_message_in_plain_words()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Notes for the mastering engineer: louder!\n", 2000)));
        var filesBefore = await CountFilesAsync(projectId);
        var upload = await ava.BeginOkAsync(projectId, trackId, "final mix.wav", text);
        await ava.PutChunksAsync(upload.UploadId, text, Enumerable.Range(0, upload.ChunkCount).ToArray());

        var (status, detail, _) = await UploadClient.ProblemAsync(await ava.CompleteAsync(upload.UploadId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("This is not an audio file: it looks like a text document. Please upload a WAV, AIFF, FLAC or MP3 file.", detail);
        Assert.Equal(filesBefore, await CountFilesAsync(projectId));
        Assert.False(Store.Exists(UploadClient.Sha256(text)));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_any_byte_is_sent()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var response = await ava.BeginAsync(projectId, trackId, "huge.wav", [1, 2, 3], sizeBytes: 5L << 30);

        var (status, detail, _) = await UploadClient.ProblemAsync(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("This file is 5.0 GB; the largest file we take is 4.0 GB", detail);
    }

    [Fact]
    public async Task A_file_type_we_do_not_take_is_refused_by_name_at_the_start()
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var (status, detail, _) = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "lyrics.docx", [1, 2, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"lyrics.docx\" is not a type of file we take", detail);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(128 * 1024 * 1024)]
    public async Task A_chunk_size_outside_the_bounds_is_refused(int chunkBytes)
    {
        var (ava, projectId, trackId) = await AvaOnHerDraftAsync();
        using var signedIn = ava;
        var response = await ava.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/uploads")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new BeginUploadRequest("mix", trackId, null, "a.wav", 10_000_000, new string('a', 64), null, chunkBytes)),
            Headers = { { "RequestVerificationToken", await TokenAsync(ava) } },
        });
        var (status, detail, _) = await UploadClient.ProblemAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Pieces must be between 256 KB and 64.0 MB", detail);
    }

    static async Task<string> TokenAsync(UploadClient client)
    {
        var body = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<AntiforgeryTokenResponse>(client.Http, "/api/uploads/antiforgery");
        return body!.Token;
    }

    internal IFileStore Store => portal.Factory.Services.GetRequiredService<IFileStore>();

    string StorageRoot => Path.Combine(portal.Factory.DataDirectory, "files");

    string UploadFolder(Guid uploadId) => Path.Combine(portal.UploadsFolder(), uploadId.ToString("N"));

    Task<PortalDbContext> DbAsync() => portal.DbAsync();

    Task<(Guid ProjectId, Guid TrackId)> TrackOfAsync(string projectTitle) => portal.TrackOfAsync(projectTitle);

    /// <summary>Ava signed in, and the track of her draft, where she may upload.</summary>
    async Task<(UploadClient Ava, Guid ProjectId, Guid TrackId)> AvaOnHerDraftAsync()
    {
        var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var (projectId, trackId) = await TrackOfAsync(DraftTitle);
        return (ava, projectId, trackId);
    }

    async Task<Guid?> CurrentMixAsync(Guid trackId)
    {
        await using var db = await DbAsync();
        return await db.Tracks.Where(t => t.Id == trackId).Select(t => t.CurrentMixId).SingleAsync();
    }

    async Task<FileAsset?> FindFileAssetAsync(Guid id)
    {
        await using var db = await DbAsync();
        return await db.FileAssets.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id);
    }

    async Task<FileAsset> FileAssetAsync(Guid id) => await FindFileAssetAsync(id) ?? throw new Xunit.Sdk.XunitException($"No FileAsset {id}");

    /// <summary>The files uploaded to the project (a mix's preview, which its analysis job adds when it gets to it, is not one).</summary>
    async Task<int> CountFilesAsync(Guid projectId)
    {
        await using var db = await DbAsync();
        return await db.FileAssets.CountAsync(f => f.ProjectId == projectId && f.Kind != FileAssetKind.Preview);
    }

    async Task<int> CountEventsAsync(Guid projectId, ProjectEventKind kind)
    {
        await using var db = await DbAsync();
        return await db.ProjectEvents.CountAsync(e => e.ProjectId == projectId && e.Kind == kind);
    }
}
