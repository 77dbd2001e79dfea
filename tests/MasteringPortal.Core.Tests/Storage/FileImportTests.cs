using System.Security.Cryptography;
using MasteringPortal.Core.Storage;

namespace MasteringPortal.Core.Tests.Storage;

/// <summary>Importing an already-hashed file (a finished upload): moved into place, never copied or left behind.</summary>
public sealed class FileImportTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "mp-core-import-" + Guid.NewGuid().ToString("N"));
    readonly LocalFileStore store;

    public FileImportTests() => store = new LocalFileStore(root);

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    string NewLocalFile(byte[] bytes)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "uploads", Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(folder, "data.part");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task An_imported_file_is_moved_under_its_hash_and_the_local_file_is_gone()
    {
        var bytes = Bytes(3 * 1024 * 1024 + 5, 1);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var local = NewLocalFile(bytes);
        var before = new FileInfo(local).LastWriteTimeUtc;

        var stored = await store.ImportAsync(local, sha);

        Assert.Equal(sha, stored.Key);
        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.False(File.Exists(local));
        var final = Path.Combine(root, sha[..2], sha[2..4], sha);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(final));
        Assert.Equal(before, new FileInfo(final).LastWriteTimeUtc); // renamed, not rewritten: a copy would carry a new time
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, "tmp")));
    }

    [Fact]
    public async Task Importing_content_that_is_already_stored_keeps_one_copy_and_drops_the_local_file()
    {
        var bytes = Bytes(1000, 2);
        var first = await store.PutAsync(new MemoryStream(bytes));
        var local = NewLocalFile(bytes);

        var again = await store.ImportAsync(local, first.Key);

        Assert.Equal(first.Key, again.Key);
        Assert.False(File.Exists(local));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(root, first.Key[..2], first.Key[2..4], first.Key)));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("")]
    public async Task A_declared_hash_that_is_not_a_storage_key_is_refused_and_nothing_moves(string notAKey)
    {
        var local = NewLocalFile(Bytes(10, 3));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ImportAsync(local, notAKey));
        Assert.True(File.Exists(local));
    }

    [Fact]
    public async Task The_default_import_of_another_store_hashes_the_file_and_refuses_a_wrong_declared_hash()
    {
        IFileStore other = new PutOnlyStore(store);
        var bytes = Bytes(2000, 4);
        var local = NewLocalFile(bytes);
        var wrong = Convert.ToHexStringLower(SHA256.HashData(Bytes(2000, 5)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => other.ImportAsync(local, wrong));
        Assert.True(File.Exists(local));

        var right = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var stored = await other.ImportAsync(local, right);
        Assert.Equal(right, stored.Key);
        Assert.False(File.Exists(local));
        Assert.True(store.Exists(right));
    }

    /// <summary>A store that implements only the original members, so the interface's default import is what runs.</summary>
    sealed class PutOnlyStore(LocalFileStore inner) : IFileStore
    {
        public Task<StoredFile> PutAsync(Stream content, CancellationToken cancellationToken = default) => inner.PutAsync(content, cancellationToken);
        public Stream OpenRead(string key) => inner.OpenRead(key);
        public bool Exists(string key) => inner.Exists(key);
        public void Delete(string key) => inner.Delete(key);
        public long Length(string key) => inner.Length(key);
    }
}
