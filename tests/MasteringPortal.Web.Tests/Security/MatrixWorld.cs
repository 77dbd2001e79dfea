using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Setup;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Security;

/// <summary>Who calls in the authorisation matrix: nobody, the project's client, and people who must not see it.</summary>
public enum Caller { Anonymous, Client, OtherClient, Owner, Assistant, StrangerEngineer, StrangerAssistant }

/// <summary>
/// The demo studio plus a second studio in the same database, a signed-in browser for each <see cref="Caller"/>, and
/// the ids of real objects of one of Ava's projects (a posted revision, its track and mix, a payment, an upload).
/// </summary>
public sealed class MatrixWorld : DemoWorld
{
    const string Password = "the matrix of who may see what";
    readonly Dictionary<Caller, (HttpClient Http, CookieContainer Cookies)> browsers = [];

    public Guid ProjectId { get; private set; }
    public Guid TrackId { get; private set; }
    public Guid RevisionId { get; private set; }
    public Guid MixFileId { get; private set; }
    public Guid PaymentId { get; private set; }
    public Guid UploadId { get; private set; }

    public HttpClient Browser(Caller caller) => browsers[caller].Http;

    public CookieContainer Cookies(Caller caller) => browsers[caller].Cookies;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var scope = Factory.Services.CreateScope();
        var founded = await scope.ServiceProvider.GetRequiredService<StudioFounding>().FoundAsync(new NewStudioForm
        {
            StudioName = "North Room Mastering", Currency = "GBP", OwnerName = "Ines North",
            OwnerEmail = "ines@northroom.example", OwnerPassword = Password,
        });
        Assert.Empty(founded.Errors);

        browsers[Caller.Anonymous] = ReviewHarness.Browser(Factory);
        browsers[Caller.Client] = await ReviewHarness.SignInAsync(Factory, DemoSeeder.ClientEmail);
        browsers[Caller.OtherClient] = await ReviewHarness.SignInAsync(Factory, DemoSeeder.SecondClientEmail);
        browsers[Caller.Owner] = await ReviewHarness.SignInAsync(Factory, DemoSeeder.EngineerEmail);
        browsers[Caller.StrangerEngineer] = await ReviewHarness.SignInAsync(Factory, "ines@northroom.example", Password);
        browsers[Caller.Assistant] = await JoinAsync(Engineer, "pia@demo.studio");
        browsers[Caller.StrangerAssistant] = await JoinAsync(DemoPeople.Principal(founded.Owner!.Id), "ole@northroom.example");

        await using var db = await Db.CreateDbContextAsync();
        // An approved master of Ava's, not paid yet: its people see it, the client may not download it yet.
        var revision = await db.Revisions.AsNoTracking().Include(r => r.Track)
            .Where(r => r.PostedAt != null && r.Track!.CurrentMixId != null && r.Track.ApprovedRevisionId == r.Id
                        && db.Projects.Any(p => p.Id == r.Track.ProjectId && p.ClientId == AvaClientId && p.Status == ProjectStatus.Approved))
            .OrderBy(r => r.Id).FirstAsync();
        (ProjectId, TrackId, RevisionId, MixFileId) = (revision.Track!.ProjectId, revision.TrackId, revision.Id, revision.Track.CurrentMixId!.Value);
        // A receipt exists for a paid payment only: a deposit paid by bank transfer.
        var payment = new Payment { ProjectId = ProjectId, AmountMinor = 12_000, Currency = "EUR", Method = PaymentMethod.Manual, Status = PaymentStatus.Paid, PaidAt = DateTimeOffset.UtcNow };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        PaymentId = payment.Id;

        // An upload the studio's owner began on the project (a corrected mix), not yet sent.
        var begun = await scope.ServiceProvider.GetRequiredService<UploadService>().BeginAsync(Engineer, ProjectId,
            new BeginUploadRequest("mix", TrackId, null, "corrected.wav", 4096, new string('0', 64)), CancellationToken.None);
        Assert.Null(begun.Error);
        UploadId = begun.Value!.UploadId;
    }

    /// <summary>The antiforgery header a page of the portal would send for this caller (none for the anonymous).</summary>
    public async Task<(string Name, string Value)?> AntiforgeryAsync(Caller caller)
    {
        if (caller == Caller.Anonymous) return null;
        var token = await Browser(caller).GetFromJsonAsync<AntiforgeryTokenResponse>("/api/uploads/antiforgery");
        return (token!.HeaderName, token.Token);
    }

    async Task<(HttpClient, CookieContainer)> JoinAsync(ClaimsPrincipal owner, string email)
    {
        var team = Factory.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        var link = await team.InviteAsync(owner, new TeamInvitationForm { Email = email, Role = TeamRole.Assistant, SendByEmail = false }, "http://localhost/");
        Assert.NotNull(link);
        var browser = ReviewHarness.Browser(Factory);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SignUpAsync(browser.Http, link.Url, email.Split('@')[0], Password)).StatusCode);
        return browser;
    }

    public override async Task DisposeAsync()
    {
        foreach (var (http, _) in browsers.Values) http.Dispose();
        await base.DisposeAsync();
    }
}
