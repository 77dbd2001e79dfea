namespace MasteringPortal.Core.Domain;

/// <summary>
/// A row that both the engineer and the client edit. <see cref="Version"/> is an optimistic concurrency
/// token renewed on every save (see PortalDbContext), so a save based on stale data fails instead of
/// silently overwriting the other side's change. A Guid works the same on SQLite and PostgreSQL,
/// unlike SQL Server's rowversion or PostgreSQL's xmin.
/// </summary>
public interface IVersioned
{
    Guid Version { get; set; }
}
