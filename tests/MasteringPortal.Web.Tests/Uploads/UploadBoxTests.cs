using Bunit;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Features.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>The upload box: wires itself to uploader.js, leaves the progress to the browser, tells the ending in plain words.</summary>
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
    public void The_progress_is_left_to_the_browser_in_an_element_the_box_never_renders_into()
    {
        var box = RenderBox();
        var live = box.Find(".mp-upload__live");
        Assert.Empty(live.Children);
        var attach = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "attach");
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(attach.Arguments[4]);
        Assert.False(box.Find("[data-testid=upload-input]").HasAttribute("disabled")); // uploader.js disables it while a file travels
    }

    [Fact]
    public async Task A_refusal_is_shown_as_the_servers_sentence_and_the_box_is_usable_again()
    {
        var box = RenderBox();
        await box.InvokeAsync(() => box.Instance.UploadCancelled());
        const string message = "This is not an audio file: it looks like a text document. Please upload a WAV, AIFF, FLAC or MP3 file.";
        await box.InvokeAsync(() => box.Instance.UploadFailed(message));
        Assert.Equal(message, box.Find("[data-testid=upload-error]").TextContent.Trim());
        Assert.Empty(box.FindAll("[data-testid=upload-status]")); // the cancelled notice gave way to the refusal

        await box.InvokeAsync(() => box.Instance.UploadStarted());
        Assert.Empty(box.FindAll("[data-testid=upload-error]")); // a new file is on its way: the refusal was about the last one
    }

    [Fact]
    public async Task Cancelled_and_interrupted_uploads_are_told_in_the_warning_colour_and_a_finished_one_in_the_success_colour()
    {
        var box = RenderBox();
        await box.InvokeAsync(() => box.Instance.UploadCancelled());
        Assert.Equal("warning", box.Find("[data-testid=upload-status]").GetAttribute("data-kind"));
        Assert.Contains("mp-upload__notice--warning", box.Find("[data-testid=upload-status]").ClassList);
        await box.InvokeAsync(() => box.Instance.UploadInterrupted("song.wav", 47.9));
        Assert.Equal("warning", box.Find("[data-testid=upload-status]").GetAttribute("data-kind"));
        Assert.Contains("was interrupted at 47 %", box.Find("[data-testid=upload-status]").TextContent);
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
