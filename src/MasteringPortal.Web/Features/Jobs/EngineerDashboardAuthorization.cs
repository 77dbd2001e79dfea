using Hangfire.Dashboard;
using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>The Hangfire dashboard shows every job of the studio (and can delete or re-run them): the engineer's only.</summary>
public sealed class EngineerDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return Task.FromResult(user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Engineer));
    }
}
