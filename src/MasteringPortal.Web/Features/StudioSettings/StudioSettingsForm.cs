using MasteringPortal.Core.Domain;
using System.ComponentModel.DataAnnotations;
using MasteringPortal.Core.Pricing;

namespace MasteringPortal.Web.Features.StudioSettings;

/// <summary>The studio settings as the engineer types them: prices in major units (e.g. 85.50), converted to minor units on save.</summary>
public sealed class StudioSettingsForm : IValidatableObject
{
    [Required(ErrorMessage = "Give your studio a name; clients see it on every page.")]
    [StringLength(200, ErrorMessage = "The studio name can be at most 200 characters.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Choose the currency you charge in.")]
    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use the three-letter currency code, e.g. EUR, USD, GBP.")]
    public string Currency { get; set; } = "EUR";

    [Range(0, 1_000_000, ErrorMessage = "The price per track must be between 0 and 1,000,000.")]
    public decimal PricePerTrack { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "The EP package price must be between 0 and 1,000,000 (0: no EP package).")]
    public decimal EpPackagePrice { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "The album package price must be between 0 and 1,000,000 (0: no album package).")]
    public decimal AlbumPackagePrice { get; set; }

    [Range(1, 100, ErrorMessage = "The EP package covers between 1 and 100 tracks.")]
    public int EpPackageTracks { get; set; } = 6;

    [Range(1, 200, ErrorMessage = "The album package covers between 1 and 200 tracks.")]
    public int AlbumPackageTracks { get; set; } = 14;

    [Range(0, 20, ErrorMessage = "Included revision rounds must be between 0 and 20.")]
    public int IncludedRevisionRounds { get; set; } = 2;

    [Range(0, 1_000_000, ErrorMessage = "The price of an extra round must be between 0 and 1,000,000.")]
    public decimal ExtraRoundPrice { get; set; }

    [Range(1, 365, ErrorMessage = "Turnaround must be between 1 and 365 days.")]
    public int TurnaroundDays { get; set; } = 7;

    [StringLength(4000, ErrorMessage = "Payment instructions can be at most 4,000 characters.")]
    public string PaymentInstructions { get; set; } = "";

    [Range(Audio.Render.PreviewSettings.MinBitrateKbps, Audio.Render.PreviewSettings.MaxBitrateKbps,
        ErrorMessage = "The preview bit rate must be between 64 and 192 kb/s.")]
    public int PreviewBitrateKbps { get; set; } = Audio.Render.PreviewSettings.DefaultBitrateKbps;

    [Range(0, Audio.Render.PreviewSettings.MaxWatermarkEverySeconds,
        ErrorMessage = "The watermark interval must be between 0 (no watermark) and 120 seconds.")]
    public int PreviewWatermarkEverySeconds { get; set; }

    /// <summary>Clients may ask for a sample master of a passage before they commit.</summary>
    public bool OffersSamples { get; set; } = true;

    [Range(0, 100, ErrorMessage = "The deposit is a share of the quote between 0 and 100 %.")]
    public int SampleDepositPercent { get; set; }

    [Range(0, Audio.Render.PreviewSettings.MaxWatermarkEverySeconds,
        ErrorMessage = "The sample's watermark interval must be between 0 (no watermark) and 120 seconds.")]
    public int SampleWatermarkEverySeconds { get; set; } = Studio.DefaultSampleWatermarkEverySeconds;

    /// <summary>Clients may download a revision's preview before paying; it must then carry the audible watermark.</summary>
    public bool ClientsMayDownloadPreviews { get; set; }

    [Range(-6.0, 0.0, ErrorMessage = "Set the ceiling between -6 and 0 dBTP (streaming platforms ask for -1).")]
    public double MasterCeilingDbtp { get; set; } = -1.0;

    [Range(1, 600, ErrorMessage = "Set the longest file between 1 and 600 minutes.")]
    public int MaxFileMinutes { get; set; } = Studio.DefaultMaxFileMinutes;

    /// <summary>How often the portal backs itself up into the server's backup folder.</summary>
    public BackupFrequency BackupFrequency { get; set; }

    [Range(1, 365, ErrorMessage = "Keep between 1 and 365 backups.")]
    public int BackupsToKeep { get; set; } = Studio.DefaultBackupsToKeep;

    [Range(0, Retention.RetentionRules.MaxDays, ErrorMessage = "Keep mixes between 0 (for good) and 3650 days after delivery.")]
    public int MixRetentionDays { get; set; }

    [Range(0, Retention.RetentionRules.MaxDays, ErrorMessage = "Keep previews between 0 (for good) and 3650 days after delivery.")]
    public int PreviewRetentionDays { get; set; }

    [Range(0, Retention.RetentionRules.MaxDays, ErrorMessage = "Keep revisions the client did not choose between 0 (for good) and 3650 days after delivery.")]
    public int UnapprovedRevisionRetentionDays { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var digits = Money.MinorDigits(Currency ?? "");
        foreach (var (value, name, label) in new[]
                 {
                     (PricePerTrack, nameof(PricePerTrack), "price per track"),
                     (EpPackagePrice, nameof(EpPackagePrice), "EP package price"),
                     (AlbumPackagePrice, nameof(AlbumPackagePrice), "album package price"),
                     (ExtraRoundPrice, nameof(ExtraRoundPrice), "extra round price"),
                 })
        {
            if (decimal.Round(value, digits) != value)
                yield return new ValidationResult(digits == 0
                    ? $"The {label} must be a whole amount in {Currency!.ToUpperInvariant()}."
                    : $"The {label} can have at most {digits} decimals.", [name]);
        }
        if (ClientsMayDownloadPreviews && PreviewWatermarkEverySeconds == 0)
            yield return new ValidationResult("Previews clients may download must carry the watermark: set how often it sounds (e.g. every 30 seconds).",
                [nameof(PreviewWatermarkEverySeconds)]);
        if (PricePerTrack == 0 && EpPackagePrice == 0 && AlbumPackagePrice == 0)
            yield return new ValidationResult("Set a price per track (or a package price): otherwise every quote is 0.", [nameof(PricePerTrack)]);
    }

    public static StudioSettingsForm From(Studio studio) => new()
    {
        Name = studio.Name,
        Currency = studio.Currency,
        PricePerTrack = Major(studio.PricePerTrackMinor, studio.Currency),
        EpPackagePrice = Major(studio.EpPackagePriceMinor, studio.Currency),
        AlbumPackagePrice = Major(studio.AlbumPackagePriceMinor, studio.Currency),
        EpPackageTracks = studio.EpPackageTracks,
        AlbumPackageTracks = studio.AlbumPackageTracks,
        IncludedRevisionRounds = studio.IncludedRevisionRounds,
        ExtraRoundPrice = Major(studio.ExtraRoundPriceMinor, studio.Currency),
        TurnaroundDays = studio.TurnaroundDays,
        PaymentInstructions = studio.PaymentInstructions,
        PreviewBitrateKbps = studio.PreviewBitrateKbps,
        PreviewWatermarkEverySeconds = studio.PreviewWatermarkEverySeconds,
        ClientsMayDownloadPreviews = studio.ClientsMayDownloadPreviews,
        OffersSamples = studio.OffersSamples,
        SampleDepositPercent = studio.SampleDepositPercent,
        SampleWatermarkEverySeconds = studio.SampleWatermarkEverySeconds,
        MasterCeilingDbtp = studio.MasterCeilingDbtp,
        MaxFileMinutes = studio.MaxFileMinutes,
        BackupFrequency = studio.BackupFrequency,
        BackupsToKeep = studio.BackupsToKeep,
        MixRetentionDays = studio.MixRetentionDays,
        PreviewRetentionDays = studio.PreviewRetentionDays,
        UnapprovedRevisionRetentionDays = studio.UnapprovedRevisionRetentionDays,
    };

    /// <summary>Copies the form onto the studio; the backup schedule and the retention policy (<paramref name="includeOwnersSettings"/>) only for the owner.</summary>
    public void ApplyTo(Studio studio, bool includeOwnersSettings = true)
    {
        var currency = Currency.Trim().ToUpperInvariant();
        studio.Name = Name.Trim();
        studio.Currency = currency;
        studio.PricePerTrackMinor = Minor(PricePerTrack, currency);
        studio.EpPackagePriceMinor = Minor(EpPackagePrice, currency);
        studio.AlbumPackagePriceMinor = Minor(AlbumPackagePrice, currency);
        studio.EpPackageTracks = EpPackageTracks;
        studio.AlbumPackageTracks = AlbumPackageTracks;
        studio.IncludedRevisionRounds = IncludedRevisionRounds;
        studio.ExtraRoundPriceMinor = Minor(ExtraRoundPrice, currency);
        studio.TurnaroundDays = TurnaroundDays;
        studio.PaymentInstructions = PaymentInstructions.Trim();
        studio.PreviewBitrateKbps = PreviewBitrateKbps;
        studio.PreviewWatermarkEverySeconds = PreviewWatermarkEverySeconds;
        studio.ClientsMayDownloadPreviews = ClientsMayDownloadPreviews;
        studio.OffersSamples = OffersSamples;
        studio.SampleDepositPercent = SampleDepositPercent;
        studio.SampleWatermarkEverySeconds = SampleWatermarkEverySeconds;
        studio.MasterCeilingDbtp = Math.Round(MasterCeilingDbtp, 1);
        studio.MaxFileMinutes = MaxFileMinutes;
        if (!includeOwnersSettings) return;
        studio.BackupFrequency = BackupFrequency;
        studio.BackupsToKeep = BackupsToKeep;
        studio.MixRetentionDays = MixRetentionDays;
        studio.PreviewRetentionDays = PreviewRetentionDays;
        studio.UnapprovedRevisionRetentionDays = UnapprovedRevisionRetentionDays;
    }

    static decimal Scale(string currency) => Money.MinorDigits(currency) == 0 ? 1m : 100m;
    static decimal Major(long minor, string currency) => minor / Scale(currency);
    static long Minor(decimal major, string currency) => (long)decimal.Round(major * Scale(currency));
}
