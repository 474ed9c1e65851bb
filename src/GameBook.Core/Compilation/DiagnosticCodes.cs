namespace GameBook.Compilation;

/// <summary>
/// The stable codes of compiler diagnostics. A code never changes meaning once published; docs/diagnostics.md
/// lists each with an example. Thread-safe (constants only).
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The compiler failed internally; the message carries the exception. Please report it with the story that caused it.</summary>
    public const string InternalError = "GB0001";

    /// <summary>A character that cannot start any token appeared inside an expression or command.</summary>
    public const string UnexpectedCharacter = "GB0002";

    /// <summary>A <c>&lt;&lt;</c> command has no closing <c>&gt;&gt;</c> on the same line (commands cannot span lines).</summary>
    public const string UnterminatedCommand = "GB0003";

    /// <summary>A string literal has no closing double quote on its line.</summary>
    public const string UnterminatedString = "GB0004";

    /// <summary>An inline expression <c>{</c> has no closing <c>}</c> on its line.</summary>
    public const string UnterminatedInlineExpression = "GB0005";

    /// <summary>A node has no <c>title:</c> header.</summary>
    public const string MissingTitle = "GB0006";

    /// <summary>A node's headers are not followed by <c>---</c>, so it has no body.</summary>
    public const string MissingBodyStart = "GB0007";

    /// <summary>A header line is not <c>key: value</c>, or a known header (<c>when</c>, <c>section</c>, <c>tracking</c>) has an invalid value.</summary>
    public const string InvalidHeader = "GB0008";

    /// <summary>An expression was required (after <c>if</c>, <c>set ... =</c>, <c>declare ... =</c>, an operator, ...) but none was found.</summary>
    public const string ExpectedExpression = "GB0009";

    /// <summary>A token appeared where the grammar does not allow it.</summary>
    public const string UnexpectedToken = "GB0010";

    /// <summary>Blocks, options or parentheses nest deeper than <c>CompileOptions.MaxNestingDepth</c>.</summary>
    public const string NestingTooDeep = "GB0011";

    /// <summary>An <c>elseif</c>, <c>else</c>, <c>endif</c>, <c>endonce</c>, <c>case</c> or <c>endenum</c> has no matching opening statement.</summary>
    public const string UnexpectedBlockEnd = "GB0012";

    /// <summary>An <c>if</c>, <c>once</c> or <c>enum</c> block is not closed by its <c>endif</c>, <c>endonce</c> or <c>endenum</c>.</summary>
    public const string MissingBlockEnd = "GB0013";

    /// <summary>Two nodes share a title and are not all members of one node group.</summary>
    public const string DuplicateNode = "GB0014";

    /// <summary>Two lines carry the same <c>#line:</c> ID anywhere in the story.</summary>
    public const string DuplicateLineId = "GB0015";

    /// <summary>A <c>jump</c> or <c>detour</c> names a node that does not exist.</summary>
    public const string UnknownNode = "GB0016";

    /// <summary>An expression's type does not fit where it is used (condition not Bool, operands of different types, ...).</summary>
    public const string TypeMismatch = "GB0017";

    /// <summary>A variable or function is only used in ways that do not determine its type; declare it with <c>&lt;&lt;declare&gt;&gt;</c>.</summary>
    public const string CannotInferType = "GB0018";

    /// <summary>A function or command is called with a different number of arguments than its signature (or an earlier call) has.</summary>
    public const string WrongArgumentCount = "GB0019";

    /// <summary>An enum is empty, repeats a case or raw value, or has raw values that are missing, not constant or of mixed types.</summary>
    public const string InvalidEnum = "GB0020";

    /// <summary>An enum or enum case does not exist, or a <c>.Case</c> shorthand is ambiguous.</summary>
    public const string UnknownEnumCase = "GB0021";

    /// <summary>The type after <c>as</c> is not Number, String, Bool or a declared enum.</summary>
    public const string UnknownType = "GB0022";

    /// <summary>A variable or enum is declared twice.</summary>
    public const string DuplicateDeclaration = "GB0023";

    /// <summary>Smart variables refer to each other in a loop, or in a chain deeper than the engine evaluates (512).</summary>
    public const string SmartVariableCycle = "GB0024";

    /// <summary>A <c>set</c> targets a smart variable, which is computed and cannot be assigned.</summary>
    public const string InvalidAssignment = "GB0025";

    /// <summary>A <c>#shadow:</c> line names a missing line, differs from it, or has inline expressions.</summary>
    public const string InvalidShadowLine = "GB0026";

    /// <summary>A node group mixes nodes with and without <c>when:</c> headers.</summary>
    public const string InvalidNodeGroup = "GB0027";

    /// <summary>Two members of one node group share a <c>subtitle:</c>.</summary>
    public const string DuplicateSubtitle = "GB0028";

    /// <summary>A line's markup (<c>[tag]</c>) is malformed (a warning: the line is shown as written, without markup).</summary>
    public const string InvalidMarkup = "GB0029";

    /// <summary>Text follows a command, condition or hashtag on the same line where only hashtags or a comment may.</summary>
    public const string UnexpectedText = "GB0030";

    /// <summary>An option is followed by an indented line with no content, so its body is empty.</summary>
    public const string EmptyOptionBody = "GB0031";

    /// <summary>Text appears between nodes, outside any node's headers or body.</summary>
    public const string TextOutsideNode = "GB0032";

    /// <summary>A node title or jump target is not a valid name (letters, digits, underscores and dots).</summary>
    public const string InvalidNodeName = "GB0033";

    /// <summary>Two nodes have the same <c>section:</c> number, so a printed book's "turn to N" would be ambiguous.</summary>
    public const string DuplicateSection = "GB0034";

    /// <summary>A constant argument of <c>roll</c> or <c>dice</c> can never be rolled (<c>roll("2x6")</c>, <c>dice(0)</c>).</summary>
    public const string InvalidDice = "GB0035";

    /// <summary>A file had more than 100 errors; the rest are counted in this one diagnostic.</summary>
    public const string TooManyErrors = "GB0036";

    /// <summary>A file is not text: it contains NUL characters (an error; the file is not parsed), or characters that were not valid UTF-8 (a warning).</summary>
    public const string NotText = "GB0037";

    /// <summary>A command is one slip from a statement keyword (<c>&lt;&lt;jum Home&gt;&gt;</c>, <c>&lt;&lt;end if&gt;&gt;</c>); a warning, since unknown commands go to the game.</summary>
    public const string LikelyMisspelledKeyword = "GB0038";

    /// <summary>A body line <c>title: X</c> followed by <c>---</c> is probably the next node after a missing <c>===</c>.</summary>
    public const string MissingNodeEnd = "GB0039";
}
