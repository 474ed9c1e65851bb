using System.Collections.Immutable;
using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>Collects diagnostics during one compilation; caps the count so hostile input cannot flood memory.</summary>
internal sealed class DiagnosticBag
{
    private const int MaxDiagnostics = 10_000;
    private readonly List<Diagnostic> _items = [];

    public bool HasErrors { get; private set; }

    public void Error(string code, SourceText source, int start, int end, string message) =>
        Add(code, DiagnosticSeverity.Error, source, start, end, message);

    public void Warning(string code, SourceText source, int start, int end, string message) =>
        Add(code, DiagnosticSeverity.Warning, source, start, end, message);

    public void Add(string code, DiagnosticSeverity severity, SourceText source, int start, int end, string message)
    {
        if (severity == DiagnosticSeverity.Error)
        {
            HasErrors = true;
        }

        if (_items.Count < MaxDiagnostics)
        {
            _items.Add(new Diagnostic(code, severity, source.Path, source.Range(start, end), message));
        }
    }

    public void AddRaw(Diagnostic diagnostic)
    {
        HasErrors |= diagnostic.Severity == DiagnosticSeverity.Error;
        _items.Add(diagnostic);
    }

    public ImmutableArray<Diagnostic> ToImmutable() => [.. _items];
}
