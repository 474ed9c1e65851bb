namespace GameBook.Syntax;

internal enum TokenKind : byte
{
    End, Number, String, True, False, Identifier, Variable,
    LeftParen, RightParen, Comma, Dot,
    Plus, Minus, Star, Slash, Percent,
    EqualEqual, NotEqual, Less, LessEqual, Greater, GreaterEqual,
    And, Or, Xor, Not,
    Assign, PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign,
    To, As,
    LeftBrace, RightBrace,
    Bad,
}

/// <summary>One expression token: its kind, span and (for literals and names) its value.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string? Text = null, double Number = 0);
