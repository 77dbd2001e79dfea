namespace MasteringPortal.Core.Data.Configurations;

/// <summary>Column lengths shared by several tables, so a name or a free text fits the same everywhere.</summary>
internal static class ColumnLengths
{
    public const int Name = 200;
    public const int Text = 20_000;
}
