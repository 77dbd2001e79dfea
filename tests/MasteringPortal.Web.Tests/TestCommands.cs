using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests;

/// <summary>The command path over a test's own database, for tests that drive sessions without a running portal.</summary>
public static class TestCommands
{
    public static ProjectCommands For(IDbContextFactory<PortalDbContext> db, IProjectChangeFeed? changes = null)
    {
        changes ??= new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance);
        var workflow = new ProjectWorkflow(TimeProvider.System);
        var fulfilment = new PaymentFulfilment(db, workflow, changes, TimeProvider.System, NullLogger<PaymentFulfilment>.Instance);
        return new ProjectCommands(db, workflow, fulfilment, changes, TimeProvider.System, NullLogger<ProjectCommands>.Instance);
    }
}
