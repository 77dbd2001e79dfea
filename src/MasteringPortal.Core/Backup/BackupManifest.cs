using System.Text.Json;
using System.Text.Json.Serialization;

namespace MasteringPortal.Core.Backup;

/// <summary>
/// One file of a backup: its path inside the backup folder, its size and its SHA-256, and for a stored file that lay in
/// the store's archive folder (an archived project's), <c>true</c> so a restore puts it back there (absent otherwise).
/// </summary>
public sealed record BackupEntry(string Path, long SizeBytes, string Sha256, bool? Archived = null);

/// <summary>
/// What a backup holds, written last (so a folder without it is an interrupted backup): the database dump, the
/// data-protection keys and every stored file, each with its size and SHA-256, which a restore checks before it
/// touches anything.
/// </summary>
public sealed record BackupManifest(
    int FormatVersion,
    DateTimeOffset CreatedAt,
    string DatabaseProvider,
    BackupEntry Database,
    IReadOnlyList<BackupEntry> Keys,
    IReadOnlyList<BackupEntry> Files)
{
    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads the manifest of <paramref name="folder"/>; a missing or unreadable one is said plainly.</summary>
    public static BackupManifest Read(string folder)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new BackupException($"{folder} holds no finished backup ({FileName} is missing): it may have been interrupted.");
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(path), Json)
                           ?? throw new JsonException("empty");
            if (manifest.FormatVersion != CurrentFormat)
                throw new BackupException($"This backup is in format {manifest.FormatVersion}; this portal reads format {CurrentFormat}.");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new BackupException($"The backup's {FileName} is damaged and cannot be read.", e);
        }
    }
}

/// <summary>A backup or restore that cannot go on, with a message for the person running it.</summary>
public sealed class BackupException : Exception
{
    public BackupException(string message) : base(message) { }
    public BackupException(string message, Exception inner) : base(message, inner) { }
}
