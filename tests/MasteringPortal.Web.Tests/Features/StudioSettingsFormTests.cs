using System.ComponentModel.DataAnnotations;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.StudioSettings;

namespace MasteringPortal.Web.Tests.Features;

public sealed class StudioSettingsFormTests
{
    static List<ValidationResult> Validate(StudioSettingsForm form)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);
        return results;
    }

    static StudioSettingsForm Valid() => new() { Name = "Northlight", Currency = "EUR", PricePerTrack = 90m, TurnaroundDays = 7 };

    [Fact]
    public void A_complete_form_is_valid() => Assert.Empty(Validate(Valid()));

    [Fact]
    public void Prices_convert_to_minor_units_and_back()
    {
        var form = Valid();
        form.PricePerTrack = 85.50m;
        form.EpPackagePrice = 320m;
        form.ExtraRoundPrice = 35.25m;
        var studio = new Studio();
        form.ApplyTo(studio);
        Assert.Equal(8550, studio.PricePerTrackMinor);
        Assert.Equal(32000, studio.EpPackagePriceMinor);
        Assert.Equal(3525, studio.ExtraRoundPriceMinor);
        Assert.Equal(85.50m, StudioSettingsForm.From(studio).PricePerTrack);
    }

    [Fact]
    public void Yen_prices_are_whole_yen()
    {
        var form = Valid();
        form.Currency = "JPY";
        form.PricePerTrack = 12000.5m;
        Assert.Contains(Validate(form), r => r.ErrorMessage!.Contains("whole amount in JPY"));
        form.PricePerTrack = 12000m;
        var studio = new Studio();
        form.ApplyTo(studio);
        Assert.Equal(12000, studio.PricePerTrackMinor);
    }

    [Theory]
    [InlineData("Name", "", "Give your studio a name")]
    [InlineData("Currency", "EURO", "three-letter currency code")]
    [InlineData("PricePerTrack", "85.555", "at most 2 decimals")]
    [InlineData("TurnaroundDays", "0", "between 1 and 365 days")]
    [InlineData("IncludedRevisionRounds", "-1", "between 0 and 20")]
    public void Invalid_values_get_a_clear_message(string property, string value, string message)
    {
        var form = Valid();
        var prop = typeof(StudioSettingsForm).GetProperty(property)!;
        prop.SetValue(form, Convert.ChangeType(value, prop.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(Validate(form), r => r.ErrorMessage!.Contains(message) && r.MemberNames.Contains(property));
    }

    [Fact]
    public void A_studio_without_any_price_is_refused()
    {
        var form = Valid();
        form.PricePerTrack = 0;
        Assert.Contains(Validate(form), r => r.ErrorMessage!.Contains("every quote is 0"));
    }
}

/// <summary>The three retention numbers go from the form to the studio and back, only for the owner, within range.</summary>
public sealed class RetentionSettingsFormTests
{
    [Fact]
    public void Each_kind_of_file_keeps_its_own_days_and_only_the_owner_changes_them()
    {
        var form = new StudioSettingsForm
        {
            Name = "Northlight", Currency = "EUR", PricePerTrack = 90m, TurnaroundDays = 7,
            MixRetentionDays = 30, PreviewRetentionDays = 90, UnapprovedRevisionRetentionDays = 365,
        };
        var studio = new Studio();
        form.ApplyTo(studio);
        Assert.Equal((30, 90, 365), (studio.MixRetentionDays, studio.PreviewRetentionDays, studio.UnapprovedRevisionRetentionDays));
        var back = StudioSettingsForm.From(studio);
        Assert.Equal((30, 90, 365), (back.MixRetentionDays, back.PreviewRetentionDays, back.UnapprovedRevisionRetentionDays));

        var byEngineer = new Studio();
        form.ApplyTo(byEngineer, includeOwnersSettings: false);
        Assert.Equal((0, 0, 0), (byEngineer.MixRetentionDays, byEngineer.PreviewRetentionDays, byEngineer.UnapprovedRevisionRetentionDays));

        form.PreviewRetentionDays = -1;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(StudioSettingsForm.PreviewRetentionDays)));
    }
}
