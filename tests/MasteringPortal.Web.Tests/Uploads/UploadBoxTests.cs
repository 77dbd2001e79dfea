using Bunit;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Features.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>The upload box: wires itself to uploader.js, shows progress as "37 % · 42 MB/s · 12 s left", errors in plain words.</summary>
public sealed class UploadBoxTests : MudComponentTest
{
    readonly Guid projectId = Guid.NewGuid();
    readonly Guid trackId = Guid.NewGuid();

    public UploadBoxTests()
    {
        ctx.Services.AddOptions<UploadOptions>();
    }

    IRenderedComponent<UploadBox> RenderBox(Action<Guid>? uploaded = null) => ctx.Render<UploadBox>(ps => ps
        .Add(p => p.ProjectId, projectId).Add(p => p.TrackId, trackId).Add(p => p.Kind, FileAssetKind.Reference)
        .Add(p => p.Label, "Upload a reference").Add(p => p.OnUploaded, id => uploaded?.Invoke(id)));

    [Fact]
    public void It_attaches_the_module_to_its_input_with_the_project_track_and_kind()
    {
        var box = RenderBox();
        Assert.NotNull(box.Find("input[type=file][data-testid=upload-input]"));
        var import = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "import");
        Assert.Equal("./js/uploader.js", import.Arguments[0]);
        var attach = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "attach");
        var options = attach.Arguments[3]!;
        Assert.Equal(projectId, options.GetType().GetProperty("projectId")!.GetValue(options));
        Assert.Equal(trackId, options.GetType().GetProperty("trackId")!.GetValue(options));
        Assert.Equal("reference", options.GetType().GetProperty("kind")!.GetValue(options));
        Assert.Contains("up to 4.0 GB", box.Markup);
    }

    [Fact]
    public async Task Progress_shows_percent_speed_and_time_left()
    {
        var box = RenderBox();
        await box.InvokeAsync(() => box.Instance.UploadProgress(new UploadProgress("uploading", 37.2, 42.4e6, 11.3)));
        Assert.Equal("37 % · 42 MB/s · 12 s left", box.Find("[data-testid=upload-status]").TextContent.Trim());
        Assert.NotNull(box.Find("[data-testid=upload-progress]"));
        Assert.True(box.Find("[data-testid=upload-input]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("uploading", 5, 850e3, 125.0, "5 % · 850 kB/s · 2 min 5 s left")]
    [InlineData("uploading", 1, 2e6, 4000.0, "1 % · 2 MB/s · 1 h 6 min left")]
    [InlineData("uploading", 0, 0, null, "0 %")]
    [InlineData("checking", 64.6, 0, null, "Preparing the file · 65 %")]
    [InlineData("reconnecting", 40, 0, null, "40 % · connection lost, trying again…")]
    public void Status_texts_read_as_people_say_them(string phase, double percent, double bytesPerSecond, double? secondsLeft, string expected) =>
        Assert.Equal(expected, UploadBox.StatusText(new UploadProgress(phase, percent, bytesPerSecond, secondsLeft)));

    [Fact]
    public async Task A_refusal_is_shown_as_the_servers_sentence_and_the_box_is_usable_again()
    {
        var box = RenderBox();
        await box.InvokeAsync(() => box.Instance.UploadProgress(new UploadProgress("uploading", 10, 1e6, 50)));
        const string message = "This is not an audio file: it looks like a text document. Please upload a WAV, AIFF, FLAC or MP3 file.";
        await box.InvokeAsync(() => box.Instance.UploadFailed(message));
        Assert.Equal(message, box.Find("[data-testid=upload-error]").TextContent.Trim());
        Assert.Empty(box.FindAll("[data-testid=upload-progress]"));
        Assert.False(box.Find("[data-testid=upload-input]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Cancelled_and_interrupted_uploads_are_told_in_the_warning_colour_and_a_finished_one_in_the_success_colour()
    {
        var box = RenderBox();
        await box.InvokeAsync(() => box.Instance.UploadCancelled());
        Assert.Equal("warning", box.Find("[data-testid=upload-status]").GetAttribute("data-kind"));
        Assert.Contains("mp-upload__notice--warning", box.Find("[data-testid=upload-status]").ClassList);
        await box.InvokeAsync(() => box.Instance.UploadInterrupted("song.wav"));
        Assert.Equal("warning", box.Find("[data-testid=upload-status]").GetAttribute("data-kind"));
        Assert.Contains("was interrupted", box.Find("[data-testid=upload-status]").TextContent);
        await box.InvokeAsync(() => box.Instance.UploadCompleted(Guid.NewGuid()));
        Assert.Equal("success", box.Find("[data-testid=upload-status]").GetAttribute("data-kind"));
        Assert.DoesNotContain("mp-upload__notice--warning", box.Find("[data-testid=upload-status]").ClassList);
    }

    [Fact]
    public async Task Completion_reports_the_file_asset_id()
    {
        Guid? reported = null;
        var box = RenderBox(id => reported = id);
        var id = Guid.NewGuid();
        await box.InvokeAsync(() => box.Instance.UploadCompleted(id));
        Assert.Equal(id, reported);
        Assert.Empty(box.FindAll("[data-testid=upload-error]"));
    }
}
