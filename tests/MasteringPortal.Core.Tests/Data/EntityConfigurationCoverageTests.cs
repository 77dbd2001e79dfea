using System.Reflection;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MasteringPortal.Core.Tests.Data;

/// <summary>
/// Every entity configuration written in Core must reach the model: a configuration class that PortalModel forgets to
/// apply compiles, migrates and runs, and silently loses its indexes and column lengths.
/// </summary>
public sealed class EntityConfigurationCoverageTests
{
    [Fact]
    public void Every_configuration_class_is_applied_to_the_portal_model()
    {
        using var db = new PortalDbContext(PortalDatabase.Options(DatabaseProvider.Sqlite, "Data Source=:memory:"));
        var model = db.Model;
        var missing = new List<string>();

        foreach (var (configuration, entity) in Configurations())
        {
            var alone = ConfigureAlone(configuration, entity);
            var real = model.FindEntityType(entity);
            if (real is null) { missing.Add($"{configuration.Name}: {entity.Name} is not in the model"); continue; }

            foreach (var index in alone.GetIndexes())
            {
                var names = index.Properties.Select(p => p.Name).ToArray();
                if (!real.GetIndexes().Any(i => i.Properties.Select(p => p.Name).SequenceEqual(names)))
                    missing.Add($"{configuration.Name}: index on {entity.Name}({string.Join(", ", names)})");
            }
            foreach (var property in alone.GetProperties().Where(p => p.GetMaxLength() is not null))
                if (real.FindProperty(property.Name)?.GetMaxLength() != property.GetMaxLength())
                    missing.Add($"{configuration.Name}: length of {entity.Name}.{property.Name}");
        }

        Assert.Empty(missing);
    }

    static IEnumerable<(Type Configuration, Type Entity)> Configurations() =>
        from type in typeof(PortalDbContext).Assembly.GetTypes()
        where type is { IsClass: true, IsAbstract: false } && type.Namespace?.StartsWith("MasteringPortal.Core.Data") == true
        from contract in type.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)
        select (type, contract.GetGenericArguments()[0]);

    static IEntityType ConfigureAlone(Type configuration, Type entity)
    {
        var builder = new ModelBuilder();
        var apply = typeof(ModelBuilder).GetMethods()
            .Single(m => m.Name == nameof(ModelBuilder.ApplyConfiguration) && m.GetParameters()[0].ParameterType.Name.StartsWith("IEntityTypeConfiguration"))
            .MakeGenericMethod(entity);
        apply.Invoke(builder, [Activator.CreateInstance(configuration, nonPublic: true)]);
        return (IEntityType)builder.Model.FindEntityType(entity)!;
    }
}
