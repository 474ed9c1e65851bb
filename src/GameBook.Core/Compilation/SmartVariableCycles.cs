using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>Finds loops among smart variables with an iterative depth-first search (no recursion, so long chains are safe).</summary>
internal sealed class SmartVariableCycles(DiagnosticBag diagnostics)
{
    public void Check(IReadOnlyList<VariableSymbol> variables)
    {
        var deps = new Dictionary<VariableSymbol, List<VariableSymbol>>();
        foreach (var v in variables)
        {
            if (v.IsSmart && v.Declaration is not null)
            {
                var list = new List<VariableSymbol>();
                Collect(v.Declaration.Value, list);
                deps[v] = list;
            }
        }

        var state = new Dictionary<VariableSymbol, int>(); // 1 = on stack, 2 = done
        foreach (var root in deps.Keys)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            var stack = new Stack<(VariableSymbol Var, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (v, next) = stack.Pop();
                var edges = deps[v];
                if (next >= edges.Count)
                {
                    state[v] = 2;
                    continue;
                }

                stack.Push((v, next + 1));
                var w = edges[next];
                if (!deps.ContainsKey(w))
                {
                    continue;
                }

                if (!state.TryGetValue(w, out var s))
                {
                    state[w] = 1;
                    stack.Push((w, 0));
                }
                else if (s == 1)
                {
                    var path = stack.Select(x => x.Var.Name).Reverse().SkipWhile(n => n != w.Name).Append(w.Name);
                    diagnostics.Error(DiagnosticCodes.SmartVariableCycle, v.Source, v.Declaration!.Start, v.Declaration.End,
                        $"Smart variables form a loop ({string.Join(" -> ", path)}): a smart variable cannot depend on itself, so compute one of them differently.");
                }
            }
        }
    }

    private static void Collect(Expr e, List<VariableSymbol> into)
    {
        switch (e)
        {
            case VariableExpr { Symbol: { } s }:
                into.Add(s);
                break;
            case UnaryExpr u:
                Collect(u.Operand, into);
                break;
            case BinaryExpr b:
                Collect(b.Left, into);
                Collect(b.Right, into);
                break;
            case CallExpr c:
                for (var aIndex = 0; aIndex < c.Arguments.Count; aIndex++)
                {
                    var a = c.Arguments[aIndex];
                    Collect(a, into);
                }

                break;
        }
    }
}
