using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace MasteringPortal.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the context for SQLite without the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(PortalDatabase.Options(DatabaseProvider.Sqlite, "Data Source=design-time.db"));
}
