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

    /// <summary>Package price for an album; 0 means no album package is offered.</summary>
    public long AlbumPackagePriceMinor { get; set; }

    /// <summary>Rounds of "request changes" included in the price.</summary>
    public int IncludedRevisionRounds { get; set; } = 2;

    public long ExtraRoundPriceMinor { get; set; }
    public int TurnaroundDays { get; set; } = 7;

    /// <summary>Shown to clients when payments run in manual mode (bank transfer details etc.).</summary>
    public string PaymentInstructions { get; set; } = "";

    /// <summary>Bit rate of the lossy previews clients stream before paying (kb/s).</summary>
    public int PreviewBitrateKbps { get; set; } = 128;

    /// <summary>Seconds between the short audible watermarks in previews; 0 means no watermark.</summary>
    public int PreviewWatermarkEverySeconds { get; set; }

    /// <summary>
    /// The highest true peak (dBTP) the studio lets a master have: a master uploaded from the engineer's own chain
    /// that peaks above it is flagged before it can reach the client. -1 dBTP is what the streaming platforms ask.
    /// </summary>
    public double MasterCeilingDbtp { get; set; } = -1.0;

    /// <summary>
    /// A studio made by the demo seeder: its accounts' passwords are published, so every page says it is a demo.
    /// </summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
