namespace GameBook.Syntax;

internal enum LineKind : byte { Blank, Comment, Text, Option, LineGroupItem, Command }

/// <summary>
/// One physical body line, classified once up front. For commands, <see cref="Keyword"/> is the first word
/// (empty for host commands starting with <c>{</c>) and <see cref="InnerStart"/>..<see cref="InnerEnd"/> the
/// text between <c>&lt;&lt;</c> and <c>&gt;&gt;</c>.
/// </summary>
internal readonly record struct LineInfo(
    LineKind Kind, int Start, int End, int Indent, int ContentStart,
    string Keyword = "", int InnerStart = 0, int InnerEnd = 0, int ArgStart = 0);
