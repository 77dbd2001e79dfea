using System.ComponentModel.DataAnnotations;

namespace MasteringPortal.Web.Features.Setup;

/// <summary>A new studio and its owner, as the set-up page, the <c>setup</c> command and the demo seeder give them.</summary>
public class NewStudioForm
{
    [Required(ErrorMessage = "Give your studio a name; clients see it on every page.")]
    [StringLength(200, ErrorMessage = "The studio name can be at most 200 characters.")]
    public string StudioName { get; set; } = "";

    [Required(ErrorMessage = "Choose the currency you charge in.")]
    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use the three-letter currency code, e.g. EUR, USD, GBP.")]
    public string Currency { get; set; } = "EUR";

    [Required(ErrorMessage = "Enter your name as your clients will see it.")]
    [StringLength(200, ErrorMessage = "Your name can be at most 200 characters.")]
    public string OwnerName { get; set; } = "";

    [Required(ErrorMessage = "Enter the email address you will sign in with.")]
    [EmailAddress(ErrorMessage = "That does not look like an email address.")]
    [StringLength(256)]
    public string OwnerEmail { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    public string OwnerPassword { get; set; } = "";

    /// <summary>What is wrong with the form, in the words the pages show (empty when nothing is).</summary>
    public IReadOnlyList<string> Problems()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").Where(m => m.Length > 0).ToList();
    }
}
