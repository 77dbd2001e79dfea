namespace MasteringPortal.Core.Storage;

/// <summary>
/// The archive folder (<c>root/archive/ab/cd/abcd…</c>): an archived project's files are moved there by rename and back
/// again when the project is brought back. Reads (open, exists, length, local path) still find an archived file, so a
/// client's data export and a backup include it; whether anyone may hear it is the project's archive flag, asked by the
/// file routes. A backup copies the folder as it is and a restore puts each file back where it was.
/// </summary>
public sealed partial class LocalFileStore
{
    public const string ArchiveFolder = "archive";

    /// <summary>Where an archived key lies below the root ("archive/ab/cd/abcd…").</summary>
    public static string ArchiveRelativePath(string key) => $"{ArchiveFolder}/{RelativePath(key)}";

    string ArchivePathFor(string key) => Path.Combine(root, ArchiveRelativePath(key));

    /// <summary>The archived file when only it exists, else the live path (so a missing key fails as it always did).</summary>
    string ReadPathFor(string key)
    {
        var live = PathFor(key);
        if (File.Exists(live)) return live;
        var archived = ArchivePathFor(key);
        return File.Exists(archived) ? archived : live;
    }

    public bool IsArchived(string key) => File.Exists(ArchivePathFor(key)) && !File.Exists(PathFor(key));

    /// <summary>Moves a stored file into the archive folder; false when there is no live file under the key.</summary>
    public bool MoveToArchive(string key) => Move(PathFor(key), ArchivePathFor(key));

    /// <summary>Moves an archived file back into the live store; false when none is archived under the key.</summary>
    public bool MoveFromArchive(string key) => Move(ArchivePathFor(key), PathFor(key));

    static bool Move(string from, string to)
    {
        if (!File.Exists(from)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (File.Exists(to))
        {
            // The same bytes are already there (content-addressed): one copy is enough.
            TryDelete(from);
            return true;
        }
        try { File.Move(from, to, overwrite: false); }
        catch (IOException) when (File.Exists(to)) { TryDelete(from); }
        return true;
    }
}
