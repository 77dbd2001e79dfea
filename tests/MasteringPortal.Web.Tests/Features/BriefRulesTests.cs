using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Projects;

namespace MasteringPortal.Web.Tests.Features;

public sealed class BriefRulesTests
{
    [Fact]
    public void Custom_target_needs_a_loudness()
    {
        var brief = new Brief { TargetPlatforms = TargetPlatforms.Custom };
        Assert.Contains("enter the loudness", BriefRules.Check(brief));
        brief.CustomTargetLufs = -12;
        Assert.Null(BriefRules.Check(brief));
    }

    [Fact]
    public void Custom_target_outside_a_plausible_range_is_refused() =>
        Assert.Contains("outside", BriefRules.Check(new Brief { TargetPlatforms = TargetPlatforms.Custom, CustomTargetLufs = 14 }));

    [Fact]
    public void Problem_note_that_ends_before_it_starts_is_refused()
    {
        var brief = new Brief { ProblemNotes = [new ProblemNote { StartSeconds = 90, EndSeconds = 72, Text = "harsh snare" }] };
        Assert.Equal("a problem note ends (1:12) before it starts (1:30).", BriefRules.Check(brief));
    }

    [Fact]
    public void Reference_needs_a_name() =>
        Assert.Contains("name each reference", BriefRules.Check(new Brief { References = [new ReferenceTrack { WhatToTake = "low end" }] }));

    [Fact]
    public void Filled_in_means_platforms_and_delivery_formats_chosen()
    {
        Assert.False(BriefRules.IsFilledIn(new Brief { DeliveryFormats = DeliveryFormats.Wav24 }));
        Assert.True(BriefRules.IsFilledIn(new Brief { TargetPlatforms = TargetPlatforms.Spotify, DeliveryFormats = DeliveryFormats.Wav24 }));
    }
}
