namespace MasteringPortal.Core.Data;

/// <summary>The database behind the portal: configuration key <c>Database:Provider</c>.</summary>
public enum DatabaseProvider { Sqlite, Postgres }
