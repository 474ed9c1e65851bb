using Microsoft.Extensions.Options;

namespace GameBook.Hosting;

/// <summary>
/// Validates <see cref="GameBookOptions"/>: the DataAnnotations through the source-generated validator, plus
/// the <see cref="GameBookOptions.ReloadDebounce"/> range, which a <c>[Range(typeof(TimeSpan), ...)]</c> attribute
/// would check through reflection (not trimming- or AOT-safe).
/// </summary>
internal sealed class GameBookOptionsValidator : IValidateOptions<GameBookOptions>
{
    private static readonly TimeSpan MaxReloadDebounce = TimeSpan.Parse(GameBookDefaults.MaxReloadDebounce, System.Globalization.CultureInfo.InvariantCulture);

    private readonly GameBookOptionsAnnotationsValidator _annotations = new();

    public ValidateOptionsResult Validate(string? name, GameBookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(_annotations.Validate(name, options));
        if (options.ReloadDebounce < TimeSpan.Zero || options.ReloadDebounce > MaxReloadDebounce)
        {
            result.AddError(
                $"GameBookOptions.ReloadDebounce must be between 00:00:00 and {GameBookDefaults.MaxReloadDebounce} (it was {options.ReloadDebounce}).",
                nameof(GameBookOptions.ReloadDebounce));
        }

        return result.Build();
    }
}

/// <summary>Source-generated, reflection-free validation of <see cref="GameBookOptions"/>' DataAnnotations.</summary>
[OptionsValidator]
internal sealed partial class GameBookOptionsAnnotationsValidator : IValidateOptions<GameBookOptions>;
