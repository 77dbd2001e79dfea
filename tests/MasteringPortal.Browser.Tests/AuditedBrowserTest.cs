namespace MasteringPortal.Browser.Tests;

/// <summary>
/// The base of every browser test on a <see cref="PortalBrowserFixture"/>: each test gets its own accessibility audit,
/// which checks every page the test's browsers show and fails the test at its end when one broke a WCAG A/AA rule.
/// The fixture refuses to open a page outside such a test, so no test can skip the audit by forgetting it.
/// </summary>
public abstract class AuditedBrowserTest(PortalBrowserFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        fixture.BeginAudit();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => fixture.EndAuditAsync();
}
