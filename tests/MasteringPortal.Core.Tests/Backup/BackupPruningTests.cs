using MasteringPortal.Core.Backup;

namespace MasteringPortal.Core.Tests.Backup;

/// <summary>
/// Pruning a scheduled-backup directory: the newest finished backups are kept, older and interrupted ones go, and a
/// shared file goes only when no kept backup lists it.
/// </summary>
public sealed class BackupPruningTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("mp-prune-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string Shared(string key) => Path.Combine(directory, "files", key[..2], key[2..4], key);

    /// <summary>A finished backup (or an interrupted one without its manifest) listing the given shared files.</summary>
    void Backup(string name, bool finished, params string[] keys)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "portal.db"), name);
        var entries = new List<BackupEntry>();
        foreach (var key in keys)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Shared(key))!);
            File.WriteAllText(Shared(key), key);
            entries.Add(new BackupEntry(Path.GetRelativePath(folder, Shared(key)).Replace('\\', '/'), key.Length, key));
        }
        if (!finished) return;
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, DateTimeOffset.UnixEpoch, "Sqlite",
            new BackupEntry("portal.db", name.Length, "x"), [], entries);
        File.WriteAllText(Path.Combine(folder, BackupManifest.FileName), manifest.ToJson());
    }

    static string Key(char c) => new(c, 64);

    [Fact]
    public void The_newest_backups_are_kept_and_a_shared_file_goes_only_when_no_kept_backup_lists_it()
    {
        Backup("20261201-030000", true, Key('a'), Key('b'));
        Backup("20261202-030000", false, Key('e'));           // interrupted, older than the newest finished one
        Backup("20261203-030000", true, Key('b'), Key('c'));
        Backup("20261204-030000", true, Key('c'), Key('d'));

        var result = BackupPruning.Prune(directory, keep: 2);

        Assert.Equal(["20261201-030000", "20261202-030000"], result.RemovedBackups.Order());
        Assert.True(Directory.Exists(Path.Combine(directory, "20261203-030000")));
        Assert.True(Directory.Exists(Path.Combine(directory, "20261204-030000")));
        Assert.False(File.Exists(Shared(Key('a'))));  // only the removed backup listed it
        Assert.False(File.Exists(Shared(Key('e'))));  // only the interrupted one had it
        Assert.True(File.Exists(Shared(Key('b'))));   // the removed backup shared it with a kept one
        Assert.True(File.Exists(Shared(Key('c'))));
        Assert.True(File.Exists(Shared(Key('d'))));
        Assert.Equal(2, result.RemovedFiles);
    }

    [Fact]
    public void While_a_newer_backup_is_still_being_written_no_shared_file_is_removed()
    {
        Backup("20261201-030000", true, Key('a'));
        Backup("20261202-030000", true, Key('b'));
        Backup("20261203-030000", false, Key('c')); // running: its manifest is not written yet

        var result = BackupPruning.Prune(directory, keep: 1);

        Assert.Equal(["20261201-030000"], result.RemovedBackups);
        Assert.True(Directory.Exists(Path.Combine(directory, "20261203-030000")));
        Assert.True(File.Exists(Shared(Key('c'))));
        Assert.True(File.Exists(Shared(Key('a'))));
        Assert.Equal(0, result.RemovedFiles);
    }
}
