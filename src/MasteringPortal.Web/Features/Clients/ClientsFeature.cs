using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Clients;

/// <summary>The studio's clients and their invitations (the engineer's clients page).</summary>
public static class ClientsFeature
{
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.TryAddScoped<InvitationService>();
        services.TryAddScoped<ClientErasure>();
        services.TryAddScoped<AuditLog>();
        return services;
    }
}
