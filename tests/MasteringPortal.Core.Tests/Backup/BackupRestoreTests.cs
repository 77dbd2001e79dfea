using System.Security.Cryptography;
using MasteringPortal.Core.Backup;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MasteringPortal.Core.Tests.Backup;

public sealed class SqliteBackupRestoreTests(SqliteTestDatabase db) : BackupRestoreTests<SqliteTestDatabase>(db);
public sealed class PostgresBackupRestoreTests(PostgresTestDatabase db) : BackupRestoreTests<PostgresTestDatabase>(db);

/// <summary>
/// A backup of a running install restores into an empty one with every row, key and file, checked byte for byte;
/// a second backup into the same folder copies only new files; a damaged backup or an install in use is refused
/// before anything is touched; and a backup taken while files and rows keep arriving never restores a row without
/// its file.
/// </summary>
public abstract class BackupRestoreTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly string root = Directory.CreateTempSubdirectory("mp-backup-").FullName;
    readonly List<string> extraDatabases = [];

    /// <summary>The install being backed up: a database of its own per test (the class's database is shared).</summary>
    BackupSources Source = default!;

    /// <summary>A fresh, empty install to restore into: a new SQLite path or a new, empty PostgreSQL database.</summary>
    async Task<BackupSources> EmptyInstallAsync(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        string connection;
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "portal.db"), Pooling = false }.ToString();
        }
        else
        {
            var server = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
            var databaseName = $"mp_restore_{Guid.NewGuid():N}";
            await using (var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ToString()))
            {
                await c.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", c);
                await create.ExecuteNonQueryAsync();
            }
            extraDatabases.Add(databaseName);
            connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = databaseName }.ToString();
        }
        return new BackupSources(Database.Provider, connection, Path.Combine(folder, "files"), Path.Combine(folder, "keys"));
    }

    static PortalDbContext Open(BackupSources install) => new(PortalDatabase.Options(install.Provider, install.ConnectionString));

    /// <summary>Stores bytes and then saves their row, in that order, as the upload and the jobs do.</summary>
    async Task<FileAsset> AddFileAsync(LocalFileStore store, Guid projectId, int seed)
    {
        var bytes = RandomNumberGenerator.GetBytes(4096 + seed);
        StoredFile stored;
        await using (var content = new MemoryStream(bytes)) stored = await store.PutAsync(content);
        await using var db = Open(Source);
        var asset = new FileAsset
        {
            ProjectId = projectId, Kind = FileAssetKind.Reference, OriginalName = $"ref-{seed}.wav",
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
        };
        db.FileAssets.Add(asset);
        await db.SaveChangesAsync();
        return asset;
    }

    async Task<(StudioSeed Seed, LocalFileStore Store)> InstallAsync(int files)
    {
        Db().Dispose(); // skips when the provider is not available
        Source = await EmptyInstallAsync("source");
        await using var db = Open(Source);
        await db.Database.MigrateAsync();
        var seed = await StudioSeed.CreateAsync(db);
        var store = new LocalFileStore(Source.StorageRoot);
        for (var i = 0; i < files; i++) await AddFileAsync(store, seed.ProjectA.Id, i);
        Directory.CreateDirectory(Source.KeysFolder);
        await File.WriteAllTextAsync(Path.Combine(Source.KeysFolder, "key-test.xml"), "<key id=\"test\" />");
        return (seed, store);
    }

    [SkippableFact]
    public async Task A_backup_restores_into_an_empty_install_with_every_row_key_and_file()
    {
        var (seed, store) = await InstallAsync(files: 3);
        var backup = Path.Combine(root, "backup");
        var first = await PortalBackup.CreateAsync(Source, backup, TimeProvider.System);
        var stored = PortalBackup.StoredFiles(Source.StorageRoot).Count();
        Assert.Equal((stored, 0), (first.FilesCopied, first.FilesAlreadyThere));
        Assert.Single(first.Manifest.Keys);

        // Into the same folder again, after one more file: only the new file is copied.
        await AddFileAsync(store, seed.ProjectA.Id, 99);
        var second = await PortalBackup.CreateAsync(Source, backup, TimeProvider.System);
        Assert.Equal((1, stored), (second.FilesCopied, second.FilesAlreadyThere));

        var target = await EmptyInstallAsync("restored");
        var restored = await PortalRestore.RunAsync(target, backup, overwrite: false);
        Assert.Equal(stored + 1, restored.Files);

        await using var original = Open(Source);
        await using var copy = Open(target);
        Assert.Equal(await original.Studios.CountAsync(), await copy.Studios.CountAsync());
        Assert.Equal(seed.Studio.Name, (await copy.Studios.SingleAsync(s => s.Id == seed.Studio.Id)).Name);
        var rows = await copy.FileAssets.ToListAsync();
        Assert.Equal(await original.FileAssets.CountAsync(), rows.Count);
        var restoredStore = new LocalFileStore(target.StorageRoot);
        foreach (var row in rows)
        {
            await using var stream = restoredStore.OpenRead(row.StorageKey);
            Assert.Equal(row.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }
        Assert.Equal("<key id=\"test\" />", await File.ReadAllTextAsync(Path.Combine(target.KeysFolder, "key-test.xml")));

        // The install now holds a studio: a second restore is refused unless told to overwrite.
        var refused = await Assert.ThrowsAsync<BackupException>(() => PortalRestore.RunAsync(target, backup, overwrite: false));
        Assert.Contains("not empty", refused.Message);
        await PortalRestore.RunAsync(target, backup, overwrite: true);
    }

    [SkippableFact]
    public async Task An_archived_projects_files_come_back_into_the_archive_folder()
    {
        var (seed, store) = await InstallAsync(files: 2);
        var archived = await AddFileAsync(store, seed.ProjectB.Id, 7);
        Assert.True(store.MoveToArchive(archived.StorageKey));
        await using (var db = Open(Source))
        {
            var project = await db.Projects.SingleAsync(p => p.Id == seed.ProjectB.Id);
            project.ArchivedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        var backup = Path.Combine(root, "with-archive");
        var result = await PortalBackup.CreateAsync(Source, backup, TimeProvider.System);
        Assert.True(Assert.Single(result.Manifest.Files, f => f.Sha256 == archived.StorageKey).Archived);

        var target = await EmptyInstallAsync("restored-archive");
        await PortalRestore.RunAsync(target, backup, overwrite: false);
        var restored = new LocalFileStore(target.StorageRoot);
        Assert.True(restored.IsArchived(archived.StorageKey));
        Assert.True(File.Exists(Path.Combine(target.StorageRoot, LocalFileStore.ArchiveRelativePath(archived.StorageKey))));
        await using (var stream = restored.OpenRead(archived.StorageKey))
            Assert.Equal(archived.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        await using var copy = Open(target);
        Assert.NotNull((await copy.Projects.SingleAsync(p => p.Id == seed.ProjectB.Id)).ArchivedAt);
        Assert.All(await copy.FileAssets.Where(f => f.ProjectId == seed.ProjectA.Id).ToListAsync(),
            f => Assert.False(restored.IsArchived(f.StorageKey)));
    }

    [SkippableFact]
    public async Task A_damaged_or_unfinished_backup_is_refused_before_anything_is_restored()
    {
        await InstallAsync(files: 2);
        var backup = Path.Combine(root, "damaged");
        var result = await PortalBackup.CreateAsync(Source, backup, TimeProvider.System);
        var victim = result.Manifest.Files[0];
        await using (var file = File.OpenWrite(Path.Combine(backup, victim.Path))) file.WriteByte(0x55); // one byte changed, size kept

        var target = await EmptyInstallAsync("from-damaged");
        var refused = await Assert.ThrowsAsync<BackupException>(() => PortalRestore.RunAsync(target, backup, overwrite: false));
        Assert.Equal($"The backup is damaged: {victim.Path} is not the file that was backed up. Nothing was restored.", refused.Message);
        Assert.False(PortalBackup.StoredFiles(target.StorageRoot).Any());
        Assert.False(Directory.Exists(target.KeysFolder));

        File.Delete(Path.Combine(backup, BackupManifest.FileName));
        var unfinished = await Assert.ThrowsAsync<BackupException>(() => PortalRestore.RunAsync(target, backup, overwrite: false));
        Assert.Contains("no finished backup", unfinished.Message);
    }

    [SkippableFact]
    public async Task A_backup_taken_while_files_keep_arriving_never_restores_a_row_without_its_file()
    {
        var (seed, store) = await InstallAsync(files: 1);
        using var stop = new CancellationTokenSource();
        var arrived = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 1000; !stop.IsCancellationRequested; i++)
            {
                await AddFileAsync(store, seed.ProjectA.Id, i);
                Interlocked.Increment(ref arrived);
            }
        });
        // Let files arrive before, during and after the snapshot.
        while (Volatile.Read(ref arrived) < 5) await Task.Delay(10);
        var backup = Path.Combine(root, "live");
        var taken = await PortalBackup.CreateAsync(Source, backup, TimeProvider.System);
        var afterBackup = Volatile.Read(ref arrived);
        while (Volatile.Read(ref arrived) < afterBackup + 3) await Task.Delay(10);
        await stop.CancelAsync();
        await writer;

        var target = await EmptyInstallAsync("live-restored");
        await PortalRestore.RunAsync(target, backup, overwrite: false);
        await using var copy = Open(target);
        var rows = await copy.FileAssets.ToListAsync();
        Assert.NotEmpty(rows);
        var restoredStore = new LocalFileStore(target.StorageRoot);
        Assert.All(rows, row => Assert.True(restoredStore.Exists(row.StorageKey), $"row {row.Id} restored without its file"));
        Assert.True(taken.Manifest.Files.Count >= rows.Count);
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        if (extraDatabases.Count == 0) return;
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Database = "postgres" }.ToString();
        using var c = new NpgsqlConnection(server);
        c.Open();
        foreach (var name in extraDatabases)
        {
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
            drop.ExecuteNonQuery();
        }
    }
}
