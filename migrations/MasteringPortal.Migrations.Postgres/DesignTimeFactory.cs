using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace MasteringPortal.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the context for PostgreSQL without the web host or a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(PortalDatabase.Options(DatabaseProvider.Postgres, "Host=localhost;Database=portal_design_time"));
}
