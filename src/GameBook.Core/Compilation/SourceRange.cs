namespace GameBook.Compilation;

/// <summary>
/// A range in a source file; lines and columns are 1-based and the end is inclusive of its position's
/// start (start &lt;= end). Immutable and thread-safe.
/// </summary>
/// <param name="StartLine">First line (1-based).</param>
/// <param name="StartColumn">First column (1-based).</param>
/// <param name="EndLine">Last line (1-based).</param>
/// <param name="EndColumn">Column just past the last character (1-based).</param>
public readonly record struct SourceRange(int StartLine, int StartColumn, int EndLine, int EndColumn);
