namespace MasteringPortal.Web.Features.Uploads;

/// <summary>The "Uploads" section of the configuration: limits and the clean-up of abandoned uploads.</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";
    const long MiB = 1L << 20;

    /// <summary>The largest file accepted. A 1 GB 96 kHz 24-bit WAV (about 1 h 0 min of stereo) fits well under the default 4 GiB.</summary>
    public long MaxBytes { get; set; } = 4096 * MiB;

    /// <summary>The chunk size offered when the browser does not ask for one.</summary>
    public int ChunkSizeBytes { get; set; } = (int)(8 * MiB);

    /// <summary>Smallest chunk a browser may ask for (the last chunk of a file may be shorter).</summary>
    public int MinChunkBytes { get; set; } = (int)(256 * 1024);

    /// <summary>Largest chunk; the request body limit of the chunk endpoint is raised to exactly this.</summary>
    public int MaxChunkBytes { get; set; } = (int)(64 * MiB);

    /// <summary>How many unfinished uploads one user may have at a time.</summary>
    public int MaxUnfinishedPerUser { get; set; } = 10;

    /// <summary>How many files one user may upload in 24 hours (over all projects).</summary>
    public int FilesPerUserPerDay { get; set; } = 100;

    /// <summary>How many bytes one user may upload in 24 hours (over all projects).</summary>
    public long BytesPerUserPerDay { get; set; } = 32768 * MiB;

    /// <summary>How many uploaded files one project may hold (mixes, references and masters, replaced ones included).</summary>
    public int FilesPerProject { get; set; } = 300;

    /// <summary>How many uploaded bytes one project may hold.</summary>
    public long BytesPerProject { get; set; } = 65536 * MiB;

    /// <summary>An upload nobody touched for this long is deleted with its partial file.</summary>
    public double AbandonAfterHours { get; set; } = 24;

    /// <summary>How often the clean-up looks for abandoned uploads.</summary>
    public double CleanupIntervalMinutes { get; set; } = 30;

    public TimeSpan AbandonAfter => TimeSpan.FromHours(AbandonAfterHours);
}
