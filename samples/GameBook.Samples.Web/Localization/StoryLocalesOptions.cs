using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Localization;

/// <summary>
/// Options of the sessions' locales (section <c>StoryServer:Localization</c>): the locale the stories are written in,
/// and the largest string table the server reads. Validated on start. Not thread-safe to mutate.
/// </summary>
public sealed class StoryLocalesOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>StoryServer:Localization</c>.</summary>
    public const string SectionName = "StoryServer:Localization";

    /// <summary>The default of <see cref="BaseLocale"/>: <c>en</c>.</summary>
    public const string DefaultBaseLocale = "en";

    /// <summary>The default of <see cref="MaxTableBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxTableBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The locale the stories' own text is written in (a culture name). A session asking for it, or for a more specific
    /// locale of the same language without a table of its own (<c>en-GB</c> when this is <c>en</c>), plays the base text.
    /// Default <c>en</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "StoryServer:Localization:BaseLocale must be a culture name such as 'en'.")]
    public string BaseLocale { get; set; } = DefaultBaseLocale;

    /// <summary>The largest string table file read, 1 KiB..1 GiB; a larger one makes its locale unavailable. Default 64 MiB.</summary>
    [Range(1024, 1024L * 1024 * 1024, ErrorMessage = "StoryServer:Localization:MaxTableBytes must be between 1024 and 1073741824.")]
    public long MaxTableBytes { get; set; } = DefaultMaxTableBytes;

    /// <summary>Checks that <see cref="BaseLocale"/> is a culture name.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(BaseLocale) && !StoryLocales.IsCultureName(BaseLocale))
        {
            yield return new ValidationResult(
                string.Create(CultureInfo.InvariantCulture, $"StoryServer:Localization:BaseLocale must be a culture name such as 'en' or 'fr-CA'; got '{BaseLocale}'."),
                [nameof(BaseLocale)]);
        }
    }
}

/// <summary>Source-generated validator of <see cref="StoryLocalesOptions"/>. Thread-safe.</summary>
[OptionsValidator]
internal sealed partial class StoryLocalesOptionsValidator : IValidateOptions<StoryLocalesOptions>;
