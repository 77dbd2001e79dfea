using System.Security.Claims;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// Pieces sent again while a piece is being written and while the upload completes: whatever interleaving happens,
/// the stored file is the one whose SHA-256 was verified. A second copy of a piece with bytes of its own (and a
/// checksum that matches them) is held open by its sender and only finishes after complete has stored the file; if
/// it had been allowed to start, its bytes would land in the stored file (a rename keeps the inode) and, through
/// de-duplication, reach anyone who later uploads the genuine file.
/// </summary>
[Collection(UploadsCollection.Name)]
public sealed class UploadRaceTests(PortalWebFixture portal)
{
    const int Rounds = 12, Spammers = 6;

    /// <summary>A body that gives its bytes only after <see cref="Release"/>, and says when the server started reading it.</summary>
    sealed class HeldBody(byte[] bytes) : Stream
    {
        readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int position;
        public volatile bool Started;
        public readonly TaskCompletionSource Reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => release.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Started = true;
            Reading.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            var n = Math.Min(buffer.Length, bytes.Length - position);
            bytes.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    async Task<UploadResult<UploadStatus>> SendChunkAsync(ClaimsPrincipal user, Guid uploadId, int index, byte[] chunk, Stream body)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadService>()
            .ReceiveChunkAsync(user, uploadId, index, UploadClient.Sha256(chunk), chunk.Length, body, CancellationToken.None);
    }

    async Task<UploadResult<CompletedUpload>> CompleteAsync(ClaimsPrincipal user, Guid uploadId)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UploadService>().CompleteAsync(user, uploadId, CancellationToken.None);
    }

    [Fact]
    public async Task Pieces_sent_again_around_complete_never_change_the_stored_file()
    {
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        var ava = PortalWebFixture.Principal(people.AvaId);
        var (projectId, trackId) = await portal.TrackOfAsync("Paper Lanterns");
        using var client = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var store = portal.Factory.Services.GetRequiredService<IFileStore>();
        var startedAfterTheGenuinePiece = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var wav = TestAudio.Wav(1.2, seed: (uint)(900 + round)); // two pieces
            var upload = await client.BeginOkAsync(projectId, trackId, $"race {round}.wav", wav);
            Assert.Equal(2, upload.ChunkCount);
            await client.PutChunksAsync(upload.UploadId, wav, 1);

            var genuineChunk = UploadClient.Chunk(wav, 0);
            var rogueChunk = genuineChunk.ToArray();
            rogueChunk.AsSpan(1000, 4000).Fill(0x7F); // other bytes, with a checksum of their own

            // The genuine piece 0 is held open until the other senders are running.
            var genuineBody = new HeldBody(genuineChunk);
            var genuine = SendChunkAsync(ava, upload.UploadId, 0, genuineChunk, genuineBody);
            await genuineBody.Reading.Task;

            var rogues = new List<(Task<UploadResult<UploadStatus>> Call, HeldBody Body)>();
            using var stop = new CancellationTokenSource();
            var spammers = Enumerable.Range(0, Spammers).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var body = new HeldBody(rogueChunk);
                    var call = SendChunkAsync(ava, upload.UploadId, 0, rogueChunk, body);
                    lock (rogues) rogues.Add((call, body));
                    // Either the server answered without reading the body, or it is reading (held) and we move on.
                    await Task.WhenAny(call, body.Reading.Task);
                }
            })).ToList();

            genuineBody.Release();
            Assert.Null((await genuine).Error);
            // Let the senders run a little past the genuine piece's confirmation, then stop them.
            for (var i = 0; i < 40; i++) await client.StatusAsync(upload.UploadId);
            stop.Cancel();
            await Task.WhenAll(spammers);

            var completed = await CompleteAsync(ava, upload.UploadId);
            List<(Task<UploadResult<UploadStatus>> Call, HeldBody Body)> all;
            lock (rogues) all = rogues.ToList();
            startedAfterTheGenuinePiece += all.Count(r => r.Body.Started);
            foreach (var (_, body) in all) body.Release();
            await Task.WhenAll(all.Select(r => r.Call));

            if (completed.Error is { } refused)
            {
                // Refusing to complete while a piece is arriving is allowed; the stored file is what matters.
                Assert.Equal(UploadFailure.Conflict, refused.Failure);
                await client.AbandonAsync(upload.UploadId);
                continue;
            }
            await using var db = await portal.DbAsync();
            var asset = await db.FileAssets.AsNoTracking().SingleAsync(f => f.Id == completed.Value!.FileAssetId);
            Assert.Equal(UploadClient.Sha256(wav), asset.Sha256);
            await using var stored = store.OpenRead(asset.StorageKey);
            Assert.Equal(UploadClient.Sha256(wav), Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stored)));
        }
        // No second copy of a confirmed piece is written at all.
        Assert.Equal(0, startedAfterTheGenuinePiece);
    }
}
