namespace MasteringPortal.Core.Domain;

/// <summary>How often the portal backs itself up on its own: never (the owner runs <c>backup --to</c>), daily or weekly.</summary>
public enum BackupFrequency
{
    Off,
    Daily,
    Weekly,
}
