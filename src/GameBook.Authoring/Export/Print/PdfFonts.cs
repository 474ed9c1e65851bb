using System.Collections.Concurrent;
using System.Security.Cryptography;
using PdfSharp.Fonts;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// The font files a PDF export uses: <see cref="PrintOptions.FontFile"/>, or the first serif (then sans) font found
/// in the usual system folders. Registered with PDFsharp under a family name derived from the files' contents, through
/// one process-wide resolver (PDFsharp allows only one; when a host set its own, ours is installed as the fallback).
/// Immutable once found; the registry is thread-safe.
/// </summary>
internal sealed class PdfFonts
{
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

    private PdfFonts(string? family, string? error)
    {
        Family = family ?? "";
        Error = error;
    }

    /// <summary>The family name to create <c>XFont</c>s with.</summary>
    public string Family { get; }

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
                return new PdfFonts(null, $"The PDF font file '{file}' (PrintOptions.FontFile) does not exist: give the path of a .ttf or .otf file.");
            }

            regular = file;
            bold = options.BoldFontFile;
            if (bold is not null && !File.Exists(bold))
            {
                return new PdfFonts(null, $"The PDF bold font file '{bold}' (PrintOptions.BoldFontFile) does not exist: give the path of a .ttf or .otf file, or leave it unset to simulate bold.");
            }
        }
        else if (Search() is { } found)
        {
            (regular, bold) = found;
        }
        else
        {
            return new PdfFonts(null,
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
            return new PdfFonts(null, $"The PDF font could not be read ({ex.Message}): check the file's permissions or set PrintOptions.FontFile to another font.");
        }

        if (!LooksLikeFont(regularBytes) || (boldBytes.Length > 0 && !LooksLikeFont(boldBytes)))
        {
            return new PdfFonts(null, $"'{(LooksLikeFont(regularBytes) ? bold : regular)}' is not a TrueType or OpenType font file: give a .ttf or .otf file.");
        }

        var family = "GameBook " + Convert.ToHexString(SHA256.HashData([.. regularBytes, .. boldBytes]).AsSpan(0, 8));
        Registry.Instance.Register(family, regularBytes, boldBytes.Length > 0 ? boldBytes : null);
        return Registry.Instance.Install() is { } installError ? new PdfFonts(null, installError) : new PdfFonts(family, null);
    }

    /// <summary>TrueType (0x00010000, 'true'), OpenType ('OTTO') and TrueType collection ('ttcf') signatures.</summary>
    private static bool LooksLikeFont(byte[] bytes) =>
        bytes.Length >= 12 && ((bytes[0] == 0 && bytes[1] == 1 && bytes[2] == 0 && bytes[3] == 0)
            || (bytes[0] == 't' && bytes[1] == 'r' && bytes[2] == 'u' && bytes[3] == 'e')
            || (bytes[0] == 'O' && bytes[1] == 'T' && bytes[2] == 'T' && bytes[3] == 'O'));

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

    /// <summary>The process-wide PDFsharp font resolver: family name to font bytes. Thread-safe.</summary>
    private sealed class Registry : IFontResolver
    {
        public static readonly Registry Instance = new();
        private static readonly Lock Gate = new();
        private readonly ConcurrentDictionary<string, (byte[] Regular, byte[]? Bold)> _families = new(StringComparer.Ordinal);

        public void Register(string family, byte[] regular, byte[]? bold) => _families.TryAdd(family, (regular, bold));

        /// <summary>Makes PDFsharp ask this resolver; an error message when it cannot.</summary>
        public string? Install()
        {
            lock (Gate)
            {
                if (ReferenceEquals(GlobalFontSettings.FontResolver, this) || ReferenceEquals(GlobalFontSettings.FallbackFontResolver, this))
                {
                    return null;
                }

                try
                {
                    if (GlobalFontSettings.FontResolver is null)
                    {
                        GlobalFontSettings.FontResolver = this;
                    }
                    else if (GlobalFontSettings.FallbackFontResolver is null)
                    {
                        GlobalFontSettings.FallbackFontResolver = this;
                    }
                    else
                    {
                        return "The application set both PDFsharp font resolvers, so the print export cannot supply its font: leave GlobalFontSettings.FallbackFontResolver unset.";
                    }
                }
                catch (InvalidOperationException ex)
                {
                    return $"PDFsharp refused the print export's font resolver ({ex.Message}): export a PDF before the application uses PDFsharp fonts, or leave GlobalFontSettings.FallbackFontResolver unset.";
                }

                return null;
            }
        }

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        {
            if (!_families.TryGetValue(familyName, out var faces))
            {
                return null;
            }

            var useBold = bold && faces.Bold is not null;
            return new FontResolverInfo(familyName + (useBold ? "|b" : "|r"), bold && !useBold, italic);
        }

        public byte[]? GetFont(string faceName)
        {
            var bar = faceName.LastIndexOf('|');
            if (bar < 0 || !_families.TryGetValue(faceName[..bar], out var faces))
            {
                return null;
            }

            return faceName[(bar + 1)..] == "b" ? faces.Bold : faces.Regular;
        }
    }
}
