using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Workflow;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Core.Tests.Configuration;

public sealed class PortalDatabaseTests
{
    static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Sqlite_is_the_default_and_its_relative_path_resolves_against_the_content_root()
    {
        var contentRoot = Path.Combine(Path.GetTempPath(), "mp-core-root-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = Config();
            Assert.Equal(DatabaseProvider.Sqlite, PortalDatabase.ProviderFrom(config));
            var connection = PortalDatabase.ConnectionStringFrom(config, DatabaseProvider.Sqlite, contentRoot);
            Assert.Equal(Path.Combine(contentRoot, "data", "portal.db"), new SqliteConnectionStringBuilder(connection).DataSource);
            Assert.True(Directory.Exists(Path.Combine(contentRoot, "data")));
        }
        finally
        {
            if (Directory.Exists(contentRoot)) Directory.Delete(contentRoot, true);
        }
    }

    [Fact]
    public void An_absolute_sqlite_path_is_kept()
    {
        var path = Path.Combine(Path.GetTempPath(), "mp-abs-" + Guid.NewGuid().ToString("N") + ".db");
        var connection = PortalDatabase.ConnectionStringFrom(Config(("ConnectionStrings:Sqlite", $"Data Source={path}")), DatabaseProvider.Sqlite, "/somewhere/else");
        Assert.Equal(path, new SqliteConnectionStringBuilder(connection).DataSource);
    }

    [Theory]
    [InlineData("Postgres", DatabaseProvider.Postgres)]
    [InlineData("postgresql", DatabaseProvider.Postgres)]
    [InlineData("SQLite", DatabaseProvider.Sqlite)]
    public void The_provider_name_is_read_case_insensitively(string value, DatabaseProvider expected) =>
        Assert.Equal(expected, PortalDatabase.ProviderFrom(Config(("Database:Provider", value))));

    [Fact]
    public void An_unknown_provider_is_explained()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PortalDatabase.ProviderFrom(Config(("Database:Provider", "Oracle"))));
        Assert.Equal("Database:Provider is \"Oracle\"; use \"Sqlite\" (the default) or \"Postgres\".", error.Message);
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_explained()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            PortalDatabase.ConnectionStringFrom(Config(("Database:Provider", "Postgres")), DatabaseProvider.Postgres, "/"));
        Assert.StartsWith("Database:Provider is Postgres but ConnectionStrings:Postgres is empty.", error.Message);
    }

    [Fact]
    public void AddPortalCore_registers_the_context_its_factory_the_store_workflow_and_access()
    {
        var contentRoot = Path.Combine(Path.GetTempPath(), "mp-core-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            var services = new ServiceCollection().AddPortalCore(Config(), contentRoot);
            using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
            using var scope = provider.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.True(db.Database.IsSqlite());
            Assert.Equal("MasteringPortal.Migrations.Sqlite", db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Assembly.GetName().Name);
            Assert.NotNull(scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>());
            Assert.NotNull(provider.GetRequiredService<MasteringPortal.Core.Changes.IProjectChangeFeed>());
            Assert.NotNull(provider.GetRequiredService<ProjectWorkflow>());
            var store = Assert.IsType<LocalFileStore>(provider.GetRequiredService<IFileStore>());
            Assert.Equal(Path.Combine(contentRoot, "data", "files"), store.Root);
        }
        finally
        {
            if (Directory.Exists(contentRoot)) Directory.Delete(contentRoot, true);
        }
    }
}
