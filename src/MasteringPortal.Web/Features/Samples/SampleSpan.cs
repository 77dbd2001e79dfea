using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;

namespace MasteringPortal.Web.Features.Samples;

/// <summary>Where a sample's passage lies in the song, as every page says it: "1:12–1:57".</summary>
public static class SampleSpan
{
    public static string Of(SamplePassage passage) => $"{TimeCode.Format(passage.StartSeconds)}–{TimeCode.Format(passage.EndSeconds)}";

    public static string Of(Revision sample) =>
        Of(new SamplePassage(sample.SampleStartSeconds ?? 0, sample.SampleLengthSeconds ?? 0));
}
