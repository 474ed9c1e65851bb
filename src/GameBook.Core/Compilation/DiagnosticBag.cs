using System.Collections.Immutable;
using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>
/// Collects diagnostics during one compilation; caps the count so hostile input cannot flood memory, and shows at
/// most <see cref="MaxErrorsPerFile"/> errors per file (then one line saying how many more there were).
/// </summary>
internal sealed class DiagnosticBag
{
    public const int MaxErrorsPerFile = 100;
    private const int MaxDiagnostics = 10_000;
    private readonly List<Diagnostic> _items = [];
    private readonly Dictionary<string, (int Shown, int Hidden, SourceRange Last)> _errorsByFile = new(StringComparer.Ordinal);

    public bool HasErrors { get; private set; }

    public void Error(string code, SourceText source, int start, int end, string message) =>
        Add(code, DiagnosticSeverity.Error, source, start, end, message);

    public void Warning(string code, SourceText source, int start, int end, string message) =>
        Add(code, DiagnosticSeverity.Warning, source, start, end, message);

    public void Add(string code, DiagnosticSeverity severity, SourceText source, int start, int end, string message)
    {
        var range = source.Range(start, end);
        if (severity == DiagnosticSeverity.Error)
        {
            HasErrors = true;
            _errorsByFile.TryGetValue(source.Path, out var counts);
            if (counts.Shown >= MaxErrorsPerFile)
            {
                _errorsByFile[source.Path] = (counts.Shown, counts.Hidden + 1, range);
                return;
            }

            _errorsByFile[source.Path] = (counts.Shown + 1, 0, range);
        }

        if (_items.Count < MaxDiagnostics)
        {
            _items.Add(new Diagnostic(code, severity, source.Path, range, message));
        }
    }

    public void AddRaw(Diagnostic diagnostic)
    {
        HasErrors |= diagnostic.Severity == DiagnosticSeverity.Error;
        _items.Add(diagnostic);
    }

    public ImmutableArray<Diagnostic> ToImmutable()
    {
        var builder = ImmutableArray.CreateBuilder<Diagnostic>(_items.Count + 1);
        builder.AddRange(_items);
        foreach (var (file, (_, hidden, last)) in _errorsByFile)
        {
            if (hidden > 0)
            {
                builder.Add(new Diagnostic(DiagnosticCodes.TooManyErrors, DiagnosticSeverity.Error, file, last,
                    $"{hidden} more error{(hidden == 1 ? "" : "s")} in this file {(hidden == 1 ? "is" : "are")} not shown: fix the first ones, which often cause the rest, and compile again."));
            }
        }

        return builder.ToImmutable();
    }
}
