namespace GameBook.Authoring.Import;

/// <summary>
/// The GameBook Studio project's field names and the Yarn headers that keep what Yarn has no place for. Thread-safe
/// (constants).
/// </summary>
public static class GameBookStudioFormat
{
    /// <summary>
    /// Header on the entry node holding the project's fields other than <c>paragraphs</c> (<c>bookTitle</c>,
    /// <c>author</c>, <c>lastEdited</c>, <c>coverImage</c>, <c>mapSettings</c> and any other) as one JSON object.
    /// </summary>
    public const string BookHeader = "gbs.book";

    /// <summary>
    /// Header holding a paragraph's fields as one JSON object: every field except <c>id</c> (the <c>section:</c>
    /// header), and except <c>content</c> and <c>actions</c> when the node's lines and options reproduce them exactly.
    /// </summary>
    public const string ParagraphHeader = "gbs.paragraph";

    /// <summary>Header holding the number of a paragraph whose number another paragraph already has (so it has no <c>section:</c>).</summary>
    public const string IdHeader = "gbs.id";

    /// <summary>Header marking the one node written for a project that has no paragraphs; the exporter leaves it out.</summary>
    public const string PlaceholderHeader = "gbs.placeholder";

    internal const string BookTitle = "bookTitle";
    internal const string Paragraphs = "paragraphs";
    internal const string Id = "id";
    internal const string Title = "title";
    internal const string Content = "content";
    internal const string Type = "type";
    internal const string Actions = "actions";
    internal const string Tags = "tags";
    internal const string ActionText = "text";
    internal const string ActionTarget = "N.Par.";
    internal const string Incoming = "incomingConnections";
    internal const string Outgoing = "outgoingConnections";
    internal const string Ordinary = "normale";
    internal const string Branching = "nodo";
    internal const string Ending = "finale";

    /// <summary>The root fields written before <c>paragraphs</c> on export (the others follow it).</summary>
    internal static readonly string[] HeadFields = ["bookTitle", "author", "lastEdited", "coverImage"];

    /// <summary>The paragraph fields written first on export, in this order (the others follow in their imported order).</summary>
    internal static readonly string[] ParagraphHeadFields = [Id, Title, Content, Type, Actions];
}
