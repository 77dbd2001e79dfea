using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MasteringPortal.Core.Data;

/// <summary>Type mappings that differ from EF's defaults, chosen so both providers behave the same.</summary>
internal static class PortalConventions
{
    public static void Apply(ModelConfigurationBuilder b, string? providerName)
    {
        // SQLite has no date type, and EF's SQLite provider cannot translate ORDER BY or comparisons on
        // DateTimeOffset. Stored as a UTC DateTime it becomes ISO-8601 text that sorts and compares
        // correctly in SQL. PostgreSQL's timestamptz accepts only UTC offsets from Npgsql, so values are
        // normalised to UTC there too.
        if (providerName == "Microsoft.EntityFrameworkCore.Sqlite")
            b.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeConverter>();
        else
            b.Properties<DateTimeOffset>().HaveConversion<UtcOffsetConverter>();

        // Enums as strings: readable in the database and safe when members are added or reordered.
        StoreAsString<ProjectKind>(b);
        StoreAsString<ProjectStatus>(b);
        StoreAsString<TargetPlatforms>(b, maxLength: 200);
        StoreAsString<DeliveryFormats>(b, maxLength: 100);
        StoreAsString<FileAssetKind>(b);
        StoreAsString<AlternateKind>(b);
        StoreAsString<RevisionStatus>(b);
        StoreAsString<PaymentMethod>(b);
        StoreAsString<PaymentStatus>(b);
        StoreAsString<PaymentPurpose>(b);
        StoreAsString<ProjectEventKind>(b);
        StoreAsString<TeamRole>(b);
        StoreAsString<EventAudience>(b);
        StoreAsString<BackupFrequency>(b);
        StoreAsString<MasteringPortal.Audio.Album.FadeCurve>(b);
    }

    static void StoreAsString<TEnum>(ModelConfigurationBuilder b, int maxLength = 32) where TEnum : struct, Enum =>
        b.Properties<TEnum>().HaveConversion<string>().HaveMaxLength(maxLength);

    /// <summary>DateTimeOffset ⇄ UTC DateTime (SQLite).</summary>
    internal sealed class UtcDateTimeConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    /// <summary>DateTimeOffset ⇄ the same instant at offset zero (PostgreSQL timestamptz).</summary>
    internal sealed class UtcOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v.ToUniversalTime());
}
