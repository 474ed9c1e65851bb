using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// The fonts a PDF export uses: <see cref="PrintOptions.FontFile"/>, or the first serif (then sans) font found in the
/// usual system folders, read as <see cref="TrueTypeFont"/>s. Parsed fonts are kept per file content, so repeated
/// exports read a font's tables once. Immutable once found; the cache is thread-safe.
/// </summary>
internal sealed class PdfFonts
{
    private static readonly ConcurrentDictionary<string, TrueTypeFont> Parsed = new(StringComparer.Ordinal);

    /// <summary>Regular and bold faces searched for, in order.</summary>
    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
        ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
        ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"),
        ("FreeSerif.ttf", "FreeSerifBold.ttf"),
        ("times.ttf", "timesbd.ttf"),
        ("Times New Roman.ttf", "Times New Roman Bold.ttf"),
        ("georgia.ttf", "georgiab.ttf"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        ("arial.ttf", "arialbd.ttf"),
    ];

    private PdfFonts(TrueTypeFont? regular, TrueTypeFont? bold, string? error)
    {
        Regular = regular;
        Bold = bold;
        Error = error;
    }

    /// <summary>The regular face; null when <see cref="Error"/> is set.</summary>
    public TrueTypeFont? Regular { get; }

    /// <summary>The bold face; null to simulate bold with the regular one.</summary>
    public TrueTypeFont? Bold { get; }

    /// <summary>Why no font is available (and what to do), or null.</summary>
    public string? Error { get; }

    public static PdfFonts Find(PrintOptions options)
    {
        string regular;
        string? bold;
        if (options.FontFile is { } file)
        {
            if (!File.Exists(file))
            {
                return new PdfFonts(null, null, $"The PDF font file '{file}' (PrintOptions.FontFile) does not exist: give the path of a .ttf or .otf file.");
            }

            regular = file;
            bold = options.BoldFontFile;
            if (bold is not null && !File.Exists(bold))
            {
                return new PdfFonts(null, null, $"The PDF bold font file '{bold}' (PrintOptions.BoldFontFile) does not exist: give the path of a .ttf or .otf file, or leave it unset to simulate bold.");
            }
        }
        else if (Search() is { } found)
        {
            (regular, bold) = found;
        }
        else
        {
            return new PdfFonts(null, null,
                "No font for the PDF was found: looked for " + string.Join(", ", Candidates.Select(c => c.Regular)) + " in " + string.Join(", ", Folders()) +
                ". Install one (on Debian or Ubuntu: apt-get install fonts-dejavu-core) or set PrintOptions.FontFile to a .ttf file.");
        }

        byte[] regularBytes, boldBytes;
        try
        {
            regularBytes = File.ReadAllBytes(regular);
            boldBytes = bold is null ? [] : File.ReadAllBytes(bold);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PdfFonts(null, null, $"The PDF font could not be read ({ex.Message}): check the file's permissions or set PrintOptions.FontFile to another font.");
        }

        var regularFont = Parse(regularBytes, out var regularError);
        if (regularFont is null)
        {
            return new PdfFonts(null, null, $"'{regular}' cannot be the PDF font: {regularError}. Give a TrueType (.ttf) file in PrintOptions.FontFile.");
        }

        TrueTypeFont? boldFont = null;
        if (boldBytes.Length > 0)
        {
            boldFont = Parse(boldBytes, out var boldError);
            if (boldFont is null)
            {
                return new PdfFonts(null, null, $"'{bold}' cannot be the PDF bold font: {boldError}. Give a TrueType (.ttf) file in PrintOptions.BoldFontFile, or leave it unset to simulate bold.");
            }
        }

        return new PdfFonts(regularFont, boldFont, null);
    }

    private static TrueTypeFont? Parse(byte[] bytes, out string? error)
    {
        var key = Convert.ToHexString(SHA256.HashData(bytes));
        if (Parsed.TryGetValue(key, out var font))
        {
            error = null;
            return font;
        }

        font = TrueTypeFont.Read(bytes, out error);
        if (font is not null)
        {
            if (Parsed.Count >= 16)
            {
                Parsed.Clear(); // a process cycling through many font files keeps at most a few parsed
            }

            Parsed.TryAdd(key, font);
        }

        return font;
    }

    private static IEnumerable<string> Folders()
    {
        yield return "/usr/share/fonts";
        yield return "/usr/local/share/fonts";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0)
        {
            yield return Path.Combine(home, ".fonts");
            yield return Path.Combine(home, ".local", "share", "fonts");
        }

        yield return "/Library/Fonts";
        yield return "/System/Library/Fonts/Supplemental";
        var windows = Environment.GetFolderPath(Environment.SpecialFolder.Fonts);
        if (windows.Length > 0)
        {
            yield return windows;
        }
    }

    private static (string Regular, string? Bold)? Search()
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in Folders())
        {
            try
            {
                if (!Directory.Exists(folder))
                {
                    continue;
                }

                foreach (var path in Directory.EnumerateFiles(folder, "*.*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 6 }))
                {
                    files.TryAdd(Path.GetFileName(path), path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                // An unreadable folder is just not searched.
            }
        }

        foreach (var (regular, bold) in Candidates)
        {
            if (files.TryGetValue(regular, out var r))
            {
                return (r, files.GetValueOrDefault(bold));
            }
        }

        return null;
    }
}
