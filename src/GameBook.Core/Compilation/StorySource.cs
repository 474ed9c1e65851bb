namespace GameBook.Compilation;

/// <summary>One story file handed to the compiler: its path (used in diagnostics and line IDs) and its text. Immutable and thread-safe.</summary>
/// <param name="Path">The file's path or name, as diagnostics should show it.</param>
/// <param name="Text">The file's full text.</param>
public sealed record StorySource(string Path, string Text);
