using GameBook.Library;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>
/// Binds names and infers types story-wide by unification: implicitly declared variables, functions the
/// library does not know (their signatures come from their calls), and <c>.Case</c> shorthands. Runs
/// after parsing, before code generation; recursion follows expression and block nesting, both bounded
/// by the parser.
/// </summary>
internal sealed partial class TypeChecker(DiagnosticBag diagnostics, FunctionLibrary library, ISet<string> nodeNames)
{
    private readonly List<(MemberExpr Expr, TypeVar Type, SourceText Source)> _pendingShorthands = [];
    private readonly List<(Expr Site, TypeVar Type, SourceText Source)> _pendingAdds = [];
    private readonly Dictionary<string, VariableSymbol> _variables = new(StringComparer.Ordinal);

    public List<VariableSymbol> Variables { get; } = [];

    public Dictionary<string, FunctionSymbol> Functions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EnumSymbol> Enums { get; } = new(StringComparer.Ordinal);

    public HashSet<string> VisitReads { get; } = new(StringComparer.Ordinal);

    public bool DynamicVisitRead { get; private set; }

    /// <summary>Nodes whose visit count is read as a number (<c>visited_count</c>), not only as a bool.</summary>
    public HashSet<string> VisitCountReads { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether <c>visited_count</c> is called with a computed node name.</summary>
    public bool DynamicVisitCountRead { get; private set; }

    public void Run(IReadOnlyList<FileSyntax> files)
    {
        foreach (var file in files)
        {
            foreach (var node in file.Nodes)
            {
                Walk(node.Body, s =>
                {
                    if (s is EnumStatement e)
                    {
                        DeclareEnum(e, file.Source);
                    }
                });
            }
        }

        var declarations = new List<(VariableSymbol, SourceText)>();
        foreach (var file in files)
        {
            foreach (var node in file.Nodes)
            {
                Walk(node.Body, s =>
                {
                    if (s is DeclareStatement d)
                    {
                        if (_variables.TryGetValue(d.Target.Name, out var existing))
                        {
                            diagnostics.Error(DiagnosticCodes.DuplicateDeclaration, file.Source, d.Start, d.End,
                                $"{d.Target.Name} is already declared at {existing.Source.Path}({existing.Source.Range(existing.Start, existing.End).StartLine}): remove one declaration or rename the variable.");
                            return;
                        }

                        var symbol = AddVariable(d.Target.Name, file.Source, d.Target.Start, d.Target.End);
                        symbol.Declaration = d;
                        symbol.IsSmart = ContainsReference(d.Value);
                        declarations.Add((symbol, file.Source));
                    }
                });
            }
        }

        foreach (var (symbol, source) in declarations)
        {
            CheckDeclaration(symbol, source);
        }

        foreach (var file in files)
        {
            foreach (var node in file.Nodes)
            {
                foreach (var when in node.When)
                {
                    if (when.Condition is not null)
                    {
                        CheckCondition(when.Condition, file.Source, "A 'when:' condition");
                    }
                }

                CheckBlock(node.Body, file.Source);
            }
        }

        ResolveShorthands();
        Validate();
        new SmartVariableCycles(diagnostics).Check(Variables);
        foreach (var v in Variables)
        {
            v.InitialValue = InitialValue(v);
        }
    }

    private VariableSymbol AddVariable(string name, SourceText source, int start, int end)
    {
        var symbol = new VariableSymbol(name, source, start, end);
        _variables.Add(name, symbol);
        Variables.Add(symbol);
        return symbol;
    }

    private static void Walk(IReadOnlyList<Statement> statements, Action<Statement> visit)
    {
        for (var sIndex = 0; sIndex < statements.Count; sIndex++)
        {
            var s = statements[sIndex];
            visit(s);
            switch (s)
            {
                case OptionsStatement o:
                    for (var itemIndex = 0; itemIndex < o.Items.Count; itemIndex++)
                    {
                        var item = o.Items[itemIndex];
                        Walk(item.Body, visit);
                    }

                    break;
                case LineGroupStatement g:
                    for (var itemIndex = 0; itemIndex < g.Items.Count; itemIndex++)
                    {
                        var item = g.Items[itemIndex];
                        Walk(item.Body, visit);
                    }

                    break;
                case IfStatement i:
                    for (var clauseIndex = 0; clauseIndex < i.Clauses.Count; clauseIndex++)
                    {
                        var clause = i.Clauses[clauseIndex];
                        Walk(clause.Body, visit);
                    }

                    break;
                case OnceStatement once:
                    Walk(once.Body, visit);
                    if (once.ElseBody is not null)
                    {
                        Walk(once.ElseBody, visit);
                    }

                    break;
            }
        }
    }

    private static bool ContainsReference(Expr e) => e switch
    {
        VariableExpr or CallExpr => true,
        UnaryExpr u => ContainsReference(u.Operand),
        BinaryExpr b => ContainsReference(b.Left) || ContainsReference(b.Right),
        _ => false,
    };

    private void CheckDeclaration(VariableSymbol symbol, SourceText source)
    {
        var d = symbol.Declaration!;
        TypeVar? declared = null;
        if (d.TypeName is not null)
        {
            var type = ResolveTypeName(d.TypeName);
            if (type is null)
            {
                diagnostics.Error(DiagnosticCodes.UnknownType, source, d.TypeStart, d.TypeEnd,
                    $"'{d.TypeName}' is not a type: use Number, String, Bool or the name of an enum declared with <<enum>>.");
            }
            else
            {
                declared = new TypeVar(type);
                TypeVar.Unify(symbol.Type, declared);
            }
        }

        var valueType = Check(d.Value, source, symbol.Type);
        if (!TypeVar.Unify(symbol.Type, valueType))
        {
            diagnostics.Error(DiagnosticCodes.TypeMismatch, source, d.Value.Start, d.Value.End,
                $"{symbol.Name} is declared as {Show(symbol.Type)} but its value is {Show(valueType)}: make the value and the 'as' type agree.");
        }
    }

    private StoryType? ResolveTypeName(string name)
    {
        if (name.Equals("number", StringComparison.OrdinalIgnoreCase))
        {
            return StoryType.Number;
        }

        if (name.Equals("string", StringComparison.OrdinalIgnoreCase))
        {
            return StoryType.String;
        }

        if (name.Equals("bool", StringComparison.OrdinalIgnoreCase))
        {
            return StoryType.Bool;
        }

        return Enums.TryGetValue(name, out var e) ? e.Type : null;
    }

    private void CheckBlock(IReadOnlyList<Statement> statements, SourceText source)
    {
        for (var sIndex = 0; sIndex < statements.Count; sIndex++)
        {
            var s = statements[sIndex];
            switch (s)
            {
                case LineStatement l:
                    CheckContent(l.Content, source);
                    break;
                case OptionsStatement o:
                    for (var itemIndex = 0; itemIndex < o.Items.Count; itemIndex++)
                    {
                        var item = o.Items[itemIndex];
                        CheckContent(item.Content, source);
                        CheckBlock(item.Body, source);
                    }

                    break;
                case LineGroupStatement g:
                    for (var itemIndex = 0; itemIndex < g.Items.Count; itemIndex++)
                    {
                        var item = g.Items[itemIndex];
                        CheckContent(item.Content, source);
                        CheckBlock(item.Body, source);
                    }

                    break;
                case IfStatement i:
                    for (var clauseIndex = 0; clauseIndex < i.Clauses.Count; clauseIndex++)
                    {
                        var clause = i.Clauses[clauseIndex];
                        if (clause.Condition is not null)
                        {
                            CheckCondition(clause.Condition, source, "An 'if' condition");
                        }

                        CheckBlock(clause.Body, source);
                    }

                    break;
                case OnceStatement once:
                    if (once.Condition is not null)
                    {
                        CheckCondition(once.Condition, source, "A 'once if' condition");
                    }

                    CheckBlock(once.Body, source);
                    if (once.ElseBody is not null)
                    {
                        CheckBlock(once.ElseBody, source);
                    }

                    break;
                case SetStatement set:
                    CheckSet(set, source);
                    break;
                case JumpStatement jump:
                    CheckJump(jump, source);
                    break;
                case CallStatement call:
                    Check(call.Call, source, null);
                    break;
                case InventoryStatement inv:
                    Expect(Check(inv.Item, source, Concrete(StoryType.String)), StoryType.String, inv.Item, source, "The item of '<<give>>'/'<<take>>'");
                    if (inv.Count is not null)
                    {
                        Expect(Check(inv.Count, source, Concrete(StoryType.Number)), StoryType.Number, inv.Count, source, "The count of '<<give>>'/'<<take>>'");
                    }

                    break;
                case CommandStatement command:
                    for (var partIndex = 0; partIndex < command.Parts.Count; partIndex++)
                    {
                        var part = command.Parts[partIndex];
                        if (part.Expression is not null)
                        {
                            Check(part.Expression, source, null);
                        }
                    }

                    if (command.Name.Length > 0 && library.TryGetCommand(command.Name, out var info))
                    {
                        CommandArgumentChecker.Check(command, info, source, diagnostics);
                    }
                    else if (MisspelledKeyword(command) is { } keyword)
                    {
                        // Unknown commands go to the game by design, so this is a warning, not an error.
                        diagnostics.Warning(DiagnosticCodes.LikelyMisspelledKeyword, source, command.Start, command.End,
                            $"'<<{command.Parts[0].Literal?.Trim()}>>' is not a statement, so the game receives it as a command. Did you mean '<<{keyword}>>'?");
                    }

                    break;
            }
        }
    }

    private static readonly string[] Keywords =
        ["set", "declare", "jump", "detour", "return", "stop", "call", "give", "take", "if", "elseif", "else", "endif", "once", "endonce", "enum", "case", "endenum"];

    /// <summary>The statement a command that is one slip from a keyword was probably meant to be (<c>&lt;&lt;jum Home&gt;&gt;</c>, <c>&lt;&lt;end if&gt;&gt;</c>).</summary>
    private static string? MisspelledKeyword(CommandStatement command)
    {
        if (command.Name.Length == 0 || command.Parts.Count == 0 || command.Parts[0].Literal is not { } text)
        {
            return null;
        }

        var words = text.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        var rest = words.Length > 1 ? text[(text.IndexOf(words[1], StringComparison.Ordinal))..].Trim() : "";
        switch (command.Name)
        {
            case "end" when words.Length > 1 && words[1] is "if" or "once" or "enum":
                return "end" + words[1];
            case "elif" or "elsif":
                return rest.Length > 0 ? "elseif " + rest : "elseif";
        }

        return Suggestions.Closest(command.Name, Keywords, maxDistance: 1) is { } keyword
            ? (rest.Length > 0 ? keyword + " " + rest : keyword)
            : null;
    }

    private void CheckContent(LineContent content, SourceText source)
    {
        for (var eIndex = 0; eIndex < content.Substitutions.Count; eIndex++)
        {
            var e = content.Substitutions[eIndex];
            Check(e, source, null);
        }

        if (content.Condition.Condition is not null)
        {
            CheckCondition(content.Condition.Condition, source, "A line condition");
        }
    }

    private void CheckCondition(Expr condition, SourceText source, string what) =>
        Expect(Check(condition, source, Concrete(StoryType.Bool)), StoryType.Bool, condition, source, what);

    private void CheckSet(SetStatement set, SourceText source)
    {
        var symbol = Lookup(set.Target, source);
        if (symbol.IsSmart)
        {
            diagnostics.Error(DiagnosticCodes.InvalidAssignment, source, set.Start, set.End,
                $"{symbol.Name} is a smart variable (computed from its declaration) and cannot be set: change the variables it is computed from instead.");
        }

        var valueType = Check(set.Value, source, symbol.Type);
        switch (set.Compound)
        {
            case null:
                if (!TypeVar.Unify(symbol.Type, valueType))
                {
                    diagnostics.Error(DiagnosticCodes.TypeMismatch, source, set.Value.Start, set.Value.End,
                        $"{symbol.Name} is {Show(symbol.Type)}, so it cannot be set to a {Show(valueType)}: assign a {Show(symbol.Type)} value or use a different variable.");
                }

                break;
            case Operator.Add:
                if (!TypeVar.Unify(symbol.Type, valueType))
                {
                    diagnostics.Error(DiagnosticCodes.TypeMismatch, source, set.Value.Start, set.Value.End,
                        $"'+=' needs a value of the same type as {symbol.Name} ({Show(symbol.Type)}), not {Show(valueType)}.");
                }

                _pendingAdds.Add((set.Value, symbol.Type, source));
                break;
            default:
                Expect(symbol.Type, StoryType.Number, set.Target, source, $"The variable of a '{set.Compound}' assignment");
                Expect(valueType, StoryType.Number, set.Value, source, "The value of a compound assignment");
                break;
        }
    }

    private void CheckJump(JumpStatement jump, SourceText source)
    {
        if (jump.TargetExpr is not null)
        {
            var t = Check(jump.TargetExpr, source, Concrete(StoryType.String));
            Expect(t, StoryType.String, jump.TargetExpr, source, "A jump destination");
            if (jump.TargetExpr is LiteralExpr { Value.Kind: ValueKind.String } lit && !nodeNames.Contains(lit.Value.AsString))
            {
                ReportUnknownNode(lit.Value.AsString, source, jump.Start, jump.End);
            }
        }
        else if (jump.Target is not null && !nodeNames.Contains(jump.Target))
        {
            ReportUnknownNode(jump.Target, source, jump.Start, jump.End);
        }
    }

    private void ReportUnknownNode(string name, SourceText source, int start, int end) =>
        diagnostics.Error(DiagnosticCodes.UnknownNode, source, start, end, Suggestions.Closest(name, nodeNames) is { } near
            ? $"There is no node titled '{name}'. Did you mean '{near}'?"
            : $"There is no node titled '{name}': check the spelling or add a node with 'title: {name}'.");

    private VariableSymbol Lookup(VariableExpr v, SourceText source)
    {
        if (!_variables.TryGetValue(v.Name, out var symbol))
        {
            symbol = AddVariable(v.Name, source, v.Start, v.End);
        }

        v.Symbol = symbol;
        return symbol;
    }

    // Bound cells never get a parent (Unify links the unbound side), so one shared cell per built-in type is safe.
    private static readonly TypeVar NumberVar = new(StoryType.Number);
    private static readonly TypeVar StringVar = new(StoryType.String);
    private static readonly TypeVar BoolVar = new(StoryType.Bool);

    private static TypeVar Concrete(StoryType type) =>
        type == StoryType.Number ? NumberVar : type == StoryType.String ? StringVar : type == StoryType.Bool ? BoolVar : new(type);

    private void Expect(TypeVar actual, StoryType expected, Expr at, SourceText source, string what)
    {
        if (!TypeVar.Unify(actual, Concrete(expected)))
        {
            diagnostics.Error(DiagnosticCodes.TypeMismatch, source, at.Start, at.End,
                $"{what} must be a {expected.Name}, but this is a {Show(actual)}: change the expression or convert it (string(x), number(x), bool(x)).");
        }
    }

    internal static string Show(TypeVar t) => t.Resolved?.Name ?? "value of undetermined type";
}
