using GameBook.Runtime;

namespace GameBook.Authoring.Localization;

/// <summary>One line of a base string table, in reading order. Immutable and thread-safe.</summary>
/// <param name="Id">The line ID with its <c>line:</c> prefix.</param>
/// <param name="Kind">Shown as a line or offered as an option.</param>
/// <param name="Text">The text to translate, without the speaker prefix (markup and <c>{0}</c> holes as written).</param>
/// <param name="Character">The speaker's name, or empty.</param>
/// <param name="File">The source file.</param>
/// <param name="Node">The title of the node that holds it.</param>
/// <param name="Line">The 1-based source line.</param>
/// <param name="Comment">A note for translators: the line's trailing <c>//</c> comment and what each <c>{N}</c> stands for.</param>
/// <param name="Hash">The base-text hash (<see cref="LineHash"/>) of <see cref="FullText"/>.</param>
/// <param name="FullText">The text as written, speaker prefix included (<see cref="StoryLineInfo.Text"/>).</param>
/// <param name="HasLineTag">True when the ID comes from a <c>#line:</c> tag (false: generated, and it changes when lines move).</param>
public sealed record StringTableRow(
    string Id, StoryLineKind Kind, string Text, string Character, string File, string Node, int Line, string Comment, string Hash, string FullText, bool HasLineTag);
