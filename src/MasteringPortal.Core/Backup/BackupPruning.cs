namespace MasteringPortal.Core.Backup;

/// <summary>What pruning removed: whole backups, and the shared files no kept backup lists any more.</summary>
public sealed record PruneResult(IReadOnlyList<string> RemovedBackups, int RemovedFiles, long FreedBytes);

/// <summary>
/// Keeps the newest finished backups of a scheduled-backup directory and removes the rest. The backups share one files
/// folder (content-addressed, each file stored once), so a file is removed only when no kept backup's manifest lists
/// it: a mix that has not changed for a year stays while any kept backup needs it. A folder without a manifest that is
/// older than the newest finished backup is an interrupted run and goes too; a newer one may be running, so it stays
/// and no shared file is removed while it is there (it may have copied files its manifest will list).
/// </summary>
public static class BackupPruning
{
    public const string SharedFilesFolder = PortalBackup.FilesFolder;

    public static PruneResult Prune(string directory, int keep)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), "At least one backup is kept.");
        directory = Path.GetFullPath(directory);
        var backups = Directory.EnumerateDirectories(directory)
            .Where(d => Path.GetFileName(d) != SharedFilesFolder)
            .Select(d => (Folder: d, Finished: File.Exists(Path.Combine(d, BackupManifest.FileName))))
            .OrderByDescending(b => Path.GetFileName(b.Folder), StringComparer.Ordinal) // names are sortable time stamps
            .ToList();
        var finished = backups.Where(b => b.Finished).Select(b => b.Folder).ToList();
        if (finished.Count == 0) return new PruneResult([], 0, 0);
        var kept = finished.Take(keep).ToList();
        var newestFinished = Path.GetFileName(finished[0]);
        var removed = backups
            .Where(b => b.Finished ? !kept.Contains(b.Folder) : string.CompareOrdinal(Path.GetFileName(b.Folder), newestFinished) < 0)
            .Select(b => b.Folder).ToList();

        // Read every kept manifest before anything is deleted: one that cannot be read keeps every file.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in kept)
            foreach (var entry in BackupManifest.Read(folder).Files)
                listed.Add(Path.GetFullPath(Path.Combine(folder, entry.Path)));

        foreach (var folder in removed) Directory.Delete(folder, recursive: true);
        var running = backups.Any(b => !b.Finished && string.CompareOrdinal(Path.GetFileName(b.Folder), newestFinished) > 0);
        if (running) return new PruneResult(removed.Select(Path.GetFileName).ToList()!, 0, 0);

        int files = 0;
        long bytes = 0;
        var shared = Path.Combine(directory, SharedFilesFolder);
        if (Directory.Exists(shared))
            foreach (var file in Directory.EnumerateFiles(shared, "*", SearchOption.AllDirectories).ToList())
            {
                if (listed.Contains(Path.GetFullPath(file))) continue;
                bytes += new FileInfo(file).Length;
                File.Delete(file);
                files++;
            }
        return new PruneResult(removed.Select(Path.GetFileName).ToList()!, files, bytes);
    }
}
