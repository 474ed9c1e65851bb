namespace GameBook.Authoring.Export.Print;

/// <summary>The page size of the HTML print stylesheet and of the PDF.</summary>
public enum PrintPageSize
{
    /// <summary>ISO A5, 148 × 210 mm: the classic gamebook paperback.</summary>
    A5,

    /// <summary>US Letter, 8.5 × 11 in.</summary>
    Letter,
}

/// <summary>Settings for <see cref="PrintExporter"/>. Not thread-safe while being changed; read only during an export.</summary>
public sealed class PrintOptions
{
    /// <summary>The default <see cref="StartNode"/>.</summary>
    public const string DefaultStartNode = "Start";

    /// <summary>The book's title (title page, HTML title, PDF metadata). Default: the first source file's name without extension.</summary>
    public string? Title { get; set; }

    /// <summary>The author shown on the title page; null for none.</summary>
    public string? Author { get; set; }

    /// <summary>The words of the instructions ("turn to 52"). Default <see cref="PrintPhrases.English"/>; see also <see cref="PrintPhrases.Italian"/>, or subclass <see cref="PrintPhrases"/>.</summary>
    public PrintPhrases Phrases { get; set; } = PrintPhrases.English;

    /// <summary>The node printed as section 1 unless a <c>section: 1</c> header says otherwise. Default <c>Start</c>.</summary>
    public string StartNode { get; set; } = DefaultStartNode;

    /// <summary>Shuffles the numbers of sections that have none yet (no header, not in <see cref="PreviousNumbers"/>, not the start). Default false: source order.</summary>
    public bool Shuffle { get; set; }

    /// <summary>The shuffle's seed: the same story, seed and previous numbers give the same numbers, on every machine and .NET version. Default 0.</summary>
    public ulong Seed { get; set; }

    /// <summary>Numbers from an earlier export (<see cref="SectionNumbers.Parse"/> of its map file); nodes listed there keep their number when it is still free.</summary>
    public SectionNumbers? PreviousNumbers { get; set; }

    /// <summary>Moves newly numbered sections so that no section's targets (or sources) have the next or previous number, so a reader does not see the outcome on the same page. Default false.</summary>
    public bool KeepTargetsApart { get; set; }

    /// <summary>Page size of the HTML print stylesheet and the PDF. Default <see cref="PrintPageSize.A5"/>.</summary>
    public PrintPageSize PageSize { get; set; } = PrintPageSize.A5;

    /// <summary>Starts every section on a new page (HTML print and PDF). Default false.</summary>
    public bool PageBreakBetweenSections { get; set; }

    /// <summary>The TrueType/OpenType font file the PDF uses; null searches the system for a serif font (DejaVu Serif, Liberation Serif, Noto Serif, Times New Roman, ...).</summary>
    public string? FontFile { get; set; }

    /// <summary>The bold face for <see cref="FontFile"/>; null finds it beside the regular face, or simulates bold.</summary>
    public string? BoldFontFile { get; set; }

    /// <summary>The body text size of the PDF, in points. Default 10.5.</summary>
    public double FontSize { get; set; } = 10.5;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Phrases, nameof(Phrases));
        ArgumentNullException.ThrowIfNull(StartNode, nameof(StartNode));
        if (!(FontSize is >= 4 and <= 72))
        {
            throw new ArgumentOutOfRangeException(nameof(FontSize), FontSize, "The PDF font size must be between 4 and 72 points.");
        }
    }
}
