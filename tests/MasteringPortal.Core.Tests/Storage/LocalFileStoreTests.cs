using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Core.Storage;

namespace MasteringPortal.Core.Tests.Storage;

public sealed class LocalFileStoreTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "mp-core-store-" + Guid.NewGuid().ToString("N"));
    readonly LocalFileStore store;

    public LocalFileStoreTests() => store = new LocalFileStore(root);

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task A_file_is_stored_under_its_sha256_and_reads_back_identically()
    {
        // FIPS 180-2 test vector: SHA-256("abc").
        var stored = await store.PutAsync(new MemoryStream(Encoding.ASCII.GetBytes("abc")));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", stored.Key);
        Assert.Equal(stored.Key, stored.Sha256);
        Assert.Equal(3, stored.SizeBytes);
        Assert.True(File.Exists(Path.Combine(root, "ba", "78", stored.Key)));

        await using var read = store.OpenRead(stored.Key);
        Assert.Equal("abc", await new StreamReader(read).ReadToEndAsync());
        Assert.Equal(3, store.Length(stored.Key));
    }

    [Fact]
    public async Task A_large_file_streams_through_and_hashes_correctly()
    {
        var bytes = new byte[5 * 1024 * 1024 + 17]; // several buffers and a ragged end
        new Random(1).NextBytes(bytes);
        var stored = await store.PutAsync(new MemoryStream(bytes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Key);
        Assert.Equal(bytes.LongLength, store.Length(stored.Key));
        await using var read = store.OpenRead(stored.Key);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Putting_the_same_content_twice_keeps_one_copy_and_no_temp_files()
    {
        var first = await store.PutAsync(new MemoryStream([1, 2, 3]));
        var second = await store.PutAsync(new MemoryStream([1, 2, 3]));
        Assert.Equal(first, second);
        Assert.Single(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "tmp")));
    }

    [Fact]
    public async Task A_failed_put_leaves_nothing_behind()
    {
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream()));
        Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]    // 63 digits
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]   // upper case is not a key
    [InlineData("..7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a/")]
    [InlineData("")]
    public void A_key_that_is_not_a_sha256_is_refused_everywhere(string key)
    {
        Assert.Throws<ArgumentException>(() => store.OpenRead(key));
        Assert.Throws<ArgumentException>(() => store.Exists(key));
        Assert.Throws<ArgumentException>(() => store.Length(key));
        Assert.Throws<ArgumentException>(() => store.Delete(key));
    }

    [Fact]
    public async Task Delete_removes_and_is_harmless_when_repeated()
    {
        var stored = await store.PutAsync(new MemoryStream([9]));
        store.Delete(stored.Key);
        Assert.False(store.Exists(stored.Key));
        store.Delete(stored.Key);
        Assert.Throws<FileNotFoundException>(() => store.OpenRead(stored.Key));
        Assert.Throws<FileNotFoundException>(() => store.Length(stored.Key));
    }

    [Fact]
    public void Stale_temp_files_from_a_crash_are_cleaned_up()
    {
        var stale = Path.Combine(root, "tmp", "crashed.part");
        File.WriteAllBytes(stale, [1]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        var fresh = Path.Combine(root, "tmp", "uploading.part");
        File.WriteAllBytes(fresh, [1]);

        Assert.Equal(1, store.DeleteStaleTempFiles(TimeSpan.FromDays(1), DateTimeOffset.UtcNow));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    sealed class FailingStream : Stream
    {
        int reads;
        public override int Read(byte[] buffer, int offset, int count) =>
            ++reads < 3 ? count : throw new IOException("connection dropped");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
