using MasteringPortal.Core.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Core.Data;

/// <summary>
/// Chooses and configures the database from configuration. Each provider keeps its migrations in its
/// own assembly (migrations/), because SQL types and model snapshots differ between SQLite and PostgreSQL.
/// </summary>
public static class PortalDatabase
{
    public const string SqliteMigrationsAssembly = "MasteringPortal.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "MasteringPortal.Migrations.Postgres";
    public const string DefaultSqliteConnectionString = "Data Source=data/portal.db";

    /// <summary>
    /// Registers <see cref="PortalDbContext"/> (scoped, for Identity and endpoints) and
    /// <see cref="IDbContextFactory{PortalDbContext}"/> (for Blazor components, which outlive a request).
    /// A relative SQLite path is resolved against <paramref name="contentRoot"/>, not the working directory.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = ProviderFrom(configuration);
        var connectionString = ConnectionStringFrom(configuration, provider, contentRoot);
        services.AddDbContextFactory<PortalDbContext>((sp, options) =>
        {
            Configure(options, provider, connectionString);
            // Every save of every writer goes past the notification planner, when the host has one.
            if (sp.GetService<NotificationPlanner>() is { } planner) options.AddInterceptors(planner);
        }, ServiceLifetime.Scoped);
        return services;
    }

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return value.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException(
                $"Database:Provider is \"{value}\"; use \"Sqlite\" (the default) or \"Postgres\"."),
        };
    }

    public static string ConnectionStringFrom(IConfiguration configuration, DatabaseProvider provider, string contentRoot)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(postgres))
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Postgres is empty. Set it, e.g. \"Host=127.0.0.1;Port=5432;Username=portal;Password=…;Database=portal\".");
            return postgres;
        }
        var sqlite = configuration.GetConnectionString("Sqlite");
        return AbsoluteSqlite(string.IsNullOrWhiteSpace(sqlite) ? DefaultSqliteConnectionString : sqlite, contentRoot);
    }

    /// <summary>Makes the SQLite file path absolute and creates its folder, so start-up never depends on the working directory.</summary>
    public static string AbsoluteSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return builder.ToString();
        var path = Path.GetFullPath(source, Path.GetFullPath(contentRoot));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        else
            options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
    }

    public static DbContextOptions<PortalDbContext> Options(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        Configure(builder, provider, connectionString);
        return builder.Options;
    }
}
