namespace MasteringPortal.Core.Domain;

/// <summary>The engineer's business: its prices and terms. Money is in minor units (cents) of <see cref="Currency"/>.</summary>
public class Studio
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";

    /// <summary>ISO 4217 code, e.g. "EUR".</summary>
    public string Currency { get; set; } = "EUR";

    public long PricePerTrackMinor { get; set; }

    /// <summary>Package price for an EP; 0 means no EP package is offered.</summary>
    public long EpPackagePriceMinor { get; set; }

    /// <summary>How many tracks the EP package price covers; tracks beyond it cost the per-track price each.</summary>
    public int EpPackageTracks { get; set; } = 6;

    /// <summary>Package price for an album; 0 means no album package is offered.</summary>
    public long AlbumPackagePriceMinor { get; set; }

    /// <summary>How many tracks the album package price covers; tracks beyond it cost the per-track price each.</summary>
    public int AlbumPackageTracks { get; set; } = 14;

    /// <summary>Rounds of "request changes" included in the price.</summary>
    public int IncludedRevisionRounds { get; set; } = 2;

    public long ExtraRoundPriceMinor { get; set; }
    public int TurnaroundDays { get; set; } = 7;

    /// <summary>Shown to clients when payments run in manual mode (bank transfer details etc.).</summary>
    public string PaymentInstructions { get; set; } = "";

    /// <summary>Bit rate of the lossy previews clients stream before paying (kb/s).</summary>
    public int PreviewBitrateKbps { get; set; } = 128;

    /// <summary>
    /// Whether clients may download a revision's preview MP3 before paying (to hear it in the car, say). Off by
    /// default: before payment they only stream it in the portal.
    /// </summary>
    public bool ClientsMayDownloadPreviews { get; set; }

    /// <summary>Seconds between the short audible watermarks in previews; 0 means no watermark.</summary>
    public int PreviewWatermarkEverySeconds { get; set; }

    /// <summary>Whether clients may ask for a sample master of a passage before they commit to a project.</summary>
    public bool OffersSamples { get; set; } = true;

    /// <summary>
    /// The share of the quote (percent, 0-100) a client pays by card when going ahead after a sample; 0 asks for none.
    /// The rest is paid once the masters are approved. Only with card payments on: a manual-payment studio takes it as it
    /// takes every payment.
    /// </summary>
    public int SampleDepositPercent { get; set; }

    /// <summary>
    /// Seconds between the audible watermarks of a sample's preview (and of the mix passage heard beside it); 0 means none.
    /// Samples are watermarked by default, whatever <see cref="PreviewWatermarkEverySeconds"/> says.
    /// </summary>
    public int SampleWatermarkEverySeconds { get; set; } = DefaultSampleWatermarkEverySeconds;
    public const int DefaultSampleWatermarkEverySeconds = 10;

    /// <summary>
    /// The highest true peak (dBTP) the studio lets a master have: a master uploaded from the engineer's own chain
    /// that peaks above it is flagged before it can reach the client. -1 dBTP is what the streaming platforms ask.
    /// </summary>
    public double MasterCeilingDbtp { get; set; } = -1.0;

    /// <summary>
    /// A studio made by the demo seeder: its accounts' passwords are published, so every page says it is a demo.
    /// </summary>
    public bool IsDemo { get; set; }

    /// <summary>
    /// The longest file (minutes) a mix, reference or master may be: checked from the header at upload and again
    /// while decoding, so a small file that decodes to hours of audio cannot hold the analysis workers.
    /// </summary>
    public int MaxFileMinutes { get; set; } = DefaultMaxFileMinutes;

    public const int DefaultMaxFileMinutes = 60;

    /// <summary>Days a posted revision may wait for the client's review before they are reminded; 0 means never.</summary>
    public int ReviewReminderDays { get; set; } = 3;

    /// <summary>Days an approved project may stay unpaid before the client is reminded; 0 means never.</summary>
    public int PaymentReminderDays { get; set; } = 7;

    /// <summary>How often the portal backs itself up into the server's backup folder (<c>Backup:Directory</c>).</summary>
    public BackupFrequency BackupFrequency { get; set; }

    /// <summary>How many scheduled backups are kept; older ones are removed once a newer one has succeeded.</summary>
    public int BackupsToKeep { get; set; } = DefaultBackupsToKeep;

    public const int DefaultBackupsToKeep = 7;

    // Days after a project's delivery that each kind of file is kept (Features/Retention); 0 keeps it for good.
    // Masters of approved revisions, references and every revision's settings are never removed by the policy.

    /// <summary>Days after delivery that the client's mixes are kept; 0 keeps them for good.</summary>
    public int MixRetentionDays { get; set; }

    /// <summary>Days after delivery that the previews (of every revision) are kept; 0 keeps them for good.</summary>
    public int PreviewRetentionDays { get; set; }

    /// <summary>Days after delivery that the masters of revisions the client did not approve are kept; 0 keeps them for good.</summary>
    public int UnapprovedRevisionRetentionDays { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
