namespace GameBook.Text;

/// <summary>
/// A markup range in a composed line: <c>[wave]hello[/wave]</c> gives <c>wave</c> over "hello".
/// The character prefix of a line (<c>Mae: </c>) is the attribute <c>character</c> with property <c>name</c>.
/// Immutable and thread-safe.
/// </summary>
/// <param name="Name">The tag name.</param>
/// <param name="Position">Start offset in the composed text.</param>
/// <param name="Length">Length in the composed text (0 for self-closing tags).</param>
/// <param name="Properties">The tag's properties, values as written (quotes and escapes removed, substitutions applied).</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The contract names it after Yarn's markup attributes; it is not a .NET attribute.")]
public readonly record struct MarkupAttribute(string Name, int Position, int Length, IReadOnlyDictionary<string, string> Properties);
