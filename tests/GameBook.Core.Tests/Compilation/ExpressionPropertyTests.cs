using System.Globalization;
using CsCheck;
using GameBook.Compilation;

namespace GameBook.Core.Tests.Compilation;

/// <summary>Random well-typed expressions compile without errors and evaluate at run time to what C# computes.</summary>
public class ExpressionPropertyTests
{
    private sealed record Node(string Text, double Value);

    private static readonly Gen<Node> Leaf = Gen.Int[-20, 20].Select(i => new Node(i < 0 ? $"({i})" : i.ToString(CultureInfo.InvariantCulture), i));

    private static Gen<Node> Number(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (2, Leaf),
            (3, Gen.Select(Number(depth - 1), Number(depth - 1), Gen.Int[0, 3], (a, b, op) => op switch
            {
                0 => new Node($"({a.Text} + {b.Text})", a.Value + b.Value),
                1 => new Node($"({a.Text} - {b.Text})", a.Value - b.Value),
                2 => new Node($"{a.Text} * {b.Text}", a.Value * b.Value),
                _ => new Node($"-{a.Text}", -a.Value),
            })));

    private static Gen<(string Text, bool Value)> Bool(int depth) => depth == 0
        ? Gen.Select(Number(2), Number(2), Gen.Int[0, 5], (a, b, op) => op switch
        {
            0 => ($"{a.Text} < {b.Text}", a.Value < b.Value),
            1 => ($"{a.Text} lte {b.Text}", a.Value <= b.Value),
            2 => ($"{a.Text} > {b.Text}", a.Value > b.Value),
            3 => ($"{a.Text} gte {b.Text}", a.Value >= b.Value),
            4 => ($"{a.Text} == {b.Text}", a.Value == b.Value),
            _ => ($"{a.Text} neq {b.Text}", a.Value != b.Value),
        })
        : Gen.Select(Bool(depth - 1), Bool(depth - 1), Gen.Int[0, 3], (a, b, op) => op switch
        {
            0 => ($"({a.Text} and {b.Text})", a.Value && b.Value),
            1 => ($"({a.Text} || {b.Text})", a.Value || b.Value),
            2 => ($"({a.Text} xor {b.Text})", a.Value ^ b.Value),
            _ => ($"not ({a.Text})", !a.Value),
        });

    private static string RunLine(string expression)
    {
        var result = StoryCompiler.Compile("p.yarn", $"title: Start\n---\n{{{expression}}}\n===\n");
        Assert.False(result.HasErrors, expression + ": " + string.Join("; ", result.Diagnostics));
        using var session = result.Story!.CreateSession();
        return session.Next().Line.Text;
    }

    [Fact]
    public void Compile_RandomArithmetic_EvaluatesLikeCSharp()
    {
        Number(4).Sample(n => Assert.Equal(n.Value.ToString(CultureInfo.InvariantCulture), RunLine(n.Text)), iter: 300, threads: 1);
    }

    [Fact]
    public void Compile_RandomBooleanLogic_EvaluatesLikeCSharp()
    {
        Bool(2).Sample(b => Assert.Equal(b.Value ? "True" : "False", RunLine(b.Text)), iter: 300, threads: 1);
    }
}
