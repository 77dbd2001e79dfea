using MasteringPortal.Cli;
using MasteringPortal.Cli.Portal;

namespace MasteringPortal.Audio.Tests.Cli;

/// <summary>The portal commands' command lines: what they take, where the token comes from, and how a wrong one is refused.</summary>
public class PortalArgumentsTests
{
    const string Token = "mp_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    static readonly Guid Project = Guid.Parse("0190c3e2-0000-7000-8000-000000000001");
    static readonly Guid Track = Guid.Parse("0190c3e2-0000-7000-8000-000000000002");

    static string? NoEnvironment(string name) => null;

    static PushRequest Push(params string[] args) => PortalArguments.ParsePush(args, NoEnvironment)!;

    [Fact]
    public void Push_takes_the_file_ids_note_post_and_timeout_in_any_order()
    {
        var request = Push("--post", "--project", Project.ToString(), "master.wav", "--track", Track.ToString(), "--note", "Second pass",
            "--timeout", "90", "--portal", "https://portal.example.com/", "--token", Token);
        Assert.Equal(new PushRequest(new PortalConnection(new Uri("https://portal.example.com/"), Token), "master.wav", Project, Track,
            "Second pass", true, TimeSpan.FromSeconds(90)), request);
    }

    [Fact]
    public void Push_without_post_or_note_waits_ten_minutes_by_default()
    {
        var request = Push("m.wav", "--project", Project.ToString(), "--track", Track.ToString(), "--portal", "http://127.0.0.1:5000", "--token", Token);
        Assert.Equal((false, (string?)null, TimeSpan.FromMinutes(10)), (request.Post, request.Note, request.Timeout));
        Assert.Equal(new Uri("http://127.0.0.1:5000/"), request.Connection.Portal);
    }

    [Fact]
    public void The_token_comes_from_MP_TOKEN_unless_given()
    {
        string? Environment(string name) => name == "MP_TOKEN" ? "mp_from_the_environment" : null;
        Assert.Equal("mp_from_the_environment", PortalArguments.ParseProjects(["--portal", "https://p.example"], Environment)!.Token);
        Assert.Equal(Token, PortalArguments.ParseProjects(["--portal", "https://p.example", "--token", Token], Environment)!.Token);
    }

    [Theory]
    [InlineData("no access token: give --token or set MP_TOKEN", "--portal", "https://p.example")]
    [InlineData("which portal? give --portal URL", "--token", Token)]
    [InlineData("--portal needs an http:// or https:// address, not 'ftp://p.example'", "--portal", "ftp://p.example", "--token", Token)]
    [InlineData("--portal needs a value", "--token", Token, "--portal")]
    [InlineData("unexpected argument '--verbose'", "--verbose", "--portal", "https://p.example", "--token", Token)]
    public void Projects_refuses_a_wrong_command_line_saying_why(string why, params string[] args)
    {
        var refusal = Assert.Throws<PortalUsageException>(() => PortalArguments.ParseProjects(args, NoEnvironment));
        Assert.StartsWith(why, refusal.Message);
    }

    [Theory]
    [InlineData("which master?", "--project", "P", "--track", "T")]
    [InlineData("--track ID is needed", "m.wav", "--project", "P")]
    [InlineData("--project needs an id like", "m.wav", "--project", "12", "--track", "T")]
    [InlineData("--timeout needs a number of seconds above 0, not '-5'", "m.wav", "--project", "P", "--track", "T", "--timeout", "-5")]
    [InlineData("--timeout needs a number of seconds above 0, not 'soon'", "m.wav", "--project", "P", "--track", "T", "--timeout", "soon")]
    [InlineData("unexpected argument 'second.wav'", "m.wav", "second.wav", "--project", "P", "--track", "T")]
    public void Push_refuses_a_wrong_command_line_saying_why(string why, params string[] args)
    {
        var withIds = args.Select(a => a == "P" ? Project.ToString() : a == "T" ? Track.ToString() : a)
            .Concat(["--portal", "https://p.example", "--token", Token]).ToArray();
        var refusal = Assert.Throws<PortalUsageException>(() => PortalArguments.ParsePush(withIds, NoEnvironment));
        Assert.StartsWith(why, refusal.Message);
    }

    [Fact]
    public void Tracks_needs_the_project()
    {
        var parsed = PortalArguments.ParseTracks(["--project", Project.ToString(), "--portal", "https://p.example", "--token", Token], NoEnvironment);
        Assert.Equal(Project, parsed!.Value.ProjectId);
        Assert.Throws<PortalUsageException>(() => PortalArguments.ParseTracks(["--portal", "https://p.example", "--token", Token], NoEnvironment));
    }

    [Fact]
    public void Help_is_not_a_refusal()
    {
        Assert.Null(PortalArguments.ParsePush(["--help"], NoEnvironment));
        var stdout = new StringWriter();
        Assert.Equal(0, CliApp.Run(["push", "--help"], stdout, new StringWriter()));
        Assert.StartsWith("usage: mastering push MASTER.wav --project ID --track ID", stdout.ToString());
    }

    [Fact]
    public void A_refused_command_line_exits_2_with_one_line()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, CliApp.Run(["tracks", "--portal", "https://p.example", "--token", Token], new StringWriter(), stderr));
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mastering tracks: --project ID is needed", line);
    }
}
