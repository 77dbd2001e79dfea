using Hangfire.Storage;
using MasteringPortal.Web.Features.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests.Jobs;

/// <summary>
/// A recurring job whose lock is busy at start-up (another process holds it, or the database is slow) does not stop the
/// portal: the registration is tried again in the background until it succeeds or the portal stops; any other failure
/// still fails the start.
/// </summary>
public sealed class RecurringRegistrationTests
{
    [Fact]
    public async Task A_busy_lock_is_tried_again_until_the_job_is_registered()
    {
        var attempts = 0;
        var registration = RecurringRegistration.RegisterAsync("email-sweep", () =>
        {
            if (++attempts < 3) throw new DistributedLockTimeoutException("recurring-job:email-sweep");
        }, NullLogger.Instance, CancellationToken.None, TimeSpan.FromMilliseconds(10));

        await registration.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_registration_that_succeeds_at_once_is_done_at_once()
    {
        var attempts = 0;
        var registration = RecurringRegistration.RegisterAsync("backup", () => attempts++, NullLogger.Instance, CancellationToken.None);
        Assert.True(registration.IsCompletedSuccessfully);
        await registration;
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Stopping_the_portal_ends_the_retries()
    {
        using var stopping = new CancellationTokenSource();
        var attempts = 0;
        var registration = RecurringRegistration.RegisterAsync("retention", () =>
        {
            if (++attempts == 2) stopping.Cancel();
            throw new DistributedLockTimeoutException("recurring-job:retention");
        }, NullLogger.Instance, stopping.Token, TimeSpan.FromMilliseconds(10));

        await registration.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void Any_other_failure_still_fails_the_start()
    {
        // Thrown where the start-up calls it, not left in a task nobody awaits.
        Assert.Throws<InvalidOperationException>(() =>
        {
            _ = RecurringRegistration.RegisterAsync("reminders", () => throw new InvalidOperationException("broken"), NullLogger.Instance, CancellationToken.None);
        });
    }
}
