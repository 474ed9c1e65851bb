namespace GameBook.Authoring.Localization;

/// <summary>How <see cref="LineTagger"/> works. Immutable once built (init-only); may be shared.</summary>
public sealed class LineTagOptions
{
    /// <summary>
    /// When true, nothing is written: every untagged line is reported as an error (<see cref="LocalizationCodes.UntaggedLine"/>),
    /// so a CI step fails until the tags are added. Default false.
    /// </summary>
    public bool CheckOnly { get; init; }
}
