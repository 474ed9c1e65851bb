using GameBook.Compiled;
using GameBook.Runtime;
using static GameBook.Core.Tests.Runtime.TestStoryBuilder;

namespace GameBook.Core.Tests.Runtime;

public class RandomnessTests
{
    [Fact]
    public void SessionRandom_SameSeed_SameSequence_DifferentSeed_Differs()
    {
        var a = SessionRandom.FromSeed(42);
        var b = SessionRandom.FromSeed(42);
        var c = SessionRandom.FromSeed(43);
        var same = true;
        var differs = false;
        for (var i = 0; i < 100; i++)
        {
            var x = a.NextUInt64();
            same &= x == b.NextUInt64();
            differs |= x != c.NextUInt64();
        }

        Assert.True(same);
        Assert.True(differs);
    }

    [Fact]
    public void SessionRandom_CopiedState_ContinuesIdentically()
    {
        var a = SessionRandom.FromSeed(7);
        a.NextUInt64();
        var copy = new SessionRandom(a.S0, a.S1, a.S2, a.S3);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(a.NextUInt64(), copy.NextUInt64());
        }
    }

    [Fact]
    public void SessionRandom_KnownAnswer_MatchesReferenceXoshiro256StarStar()
    {
        // Reference: state {1, 2, 3, 4} gives 11520, 0, 1509978240, 1215971899390074240 (xoshiro256** paper code).
        var r = new SessionRandom(1, 2, 3, 4);
        Assert.Equal(11520UL, r.NextUInt64());
        Assert.Equal(0UL, r.NextUInt64());
        Assert.Equal(1509978240UL, r.NextUInt64());
        Assert.Equal(1215971899390074240UL, r.NextUInt64());
    }

    [Fact]
    public void NextBounded_StaysInRangeAndCoversIt()
    {
        var r = SessionRandom.FromSeed(1);
        var seen = new bool[6];
        for (var i = 0; i < 600; i++)
        {
            var v = r.NextBounded(6);
            Assert.InRange(v, 0UL, 5UL);
            seen[v] = true;
        }

        Assert.All(seen, Assert.True);
        Assert.InRange(r.NextDouble(), 0.0, 0.9999999999);
    }

    [Theory]
    [InlineData("2d6+1", 2, 6, 1)]
    [InlineData("d20", 1, 20, 0)]
    [InlineData(" 3D8-2 ", 3, 8, -2)]
    [InlineData("d%", 1, 100, 0)]
    [InlineData("4d%+10", 4, 100, 10)]
    public void DiceNotation_Valid_Parses(string text, int count, int sides, int modifier)
    {
        Assert.True(DiceNotation.TryParse(text, out var c, out var s, out var m, out var error), error);
        Assert.Equal((count, sides, modifier), (c, s, m));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2x6")]
    [InlineData("2d")]
    [InlineData("d6+")]
    [InlineData("0d6")]
    [InlineData("2d0")]
    [InlineData("2d6 trailing")]
    [InlineData("99999999999d6")]
    [InlineData("1001d6")]
    public void DiceNotation_Malformed_FailsWithReason(string text)
    {
        Assert.False(DiceNotation.TryParse(text, out _, out _, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static Story RollStory(string notation, int rolls)
    {
        var b = new TestStoryBuilder();
        var roll = b.Function("roll");
        var line = b.Line("{0}", 1);
        var text = b.String(notation);
        var code = new List<Instruction>();
        for (var i = 0; i < rolls; i++)
        {
            code.Add(I(OpCode.PushString, text));
            code.Add(I(OpCode.CallFunction, roll, 1));
            code.Add(I(OpCode.RunLine, line, 1));
        }

        code.Add(I(OpCode.Return));
        b.Node("Start", [.. code]);
        return b.Build();
    }

    [Fact]
    public void Roll_IsWithinRangeAndReproducibleBySeed()
    {
        var story = RollStory("2d6+1", 40);
        var first = story.CreateSession(new SessionOptions { Seed = 99 });
        var second = story.CreateSession(new SessionOptions { Seed = 99 });
        for (var i = 0; i < 40; i++)
        {
            var text = first.NextLine().Text;
            Assert.InRange(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 3, 13);
            Assert.Equal(text, second.NextLine().Text);
        }
    }

    [Fact]
    public void Roll_Malformed_IsSessionErrorNamingFileAndLine()
    {
        var error = RollStory("2q6", 1).CreateSession().NextError();
        Assert.Equal(StoryErrorKind.InvalidDice, error.Kind);
        Assert.Equal("test.yarn", error.File);
        Assert.Equal(101, error.Line);
        Assert.Contains("2q6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomIntrinsics_RespectTheirRanges()
    {
        var b = new TestStoryBuilder();
        var dice = b.Function("dice");
        var range = b.Function("random_range");
        var rangeFloat = b.Function("random_range_float");
        var random = b.Function("random");
        var line = b.Line("{0} {1} {2} {3}", 4);
        b.Node("Start", [
            I(OpCode.PushNumber, b.Number(4)), I(OpCode.CallFunction, dice, 1),
            I(OpCode.PushNumber, b.Number(5)), I(OpCode.PushNumber, b.Number(7)), I(OpCode.CallFunction, range, 2),
            I(OpCode.PushNumber, b.Number(1)), I(OpCode.PushNumber, b.Number(2)), I(OpCode.CallFunction, rangeFloat, 2),
            I(OpCode.CallFunction, random, 0),
            I(OpCode.RunLine, line, 4), I(OpCode.Jump, 0)]);
        var session = b.Build().CreateSession(new SessionOptions { Seed = 5 });
        for (var i = 0; i < 200; i++)
        {
            var parts = session.NextLine().Text.Split(' ').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(parts[0], 1, 4);
            Assert.Equal(Math.Floor(parts[0]), parts[0]);
            Assert.InRange(parts[1], 5, 7);
            Assert.Equal(Math.Floor(parts[1]), parts[1]);
            Assert.InRange(parts[2], 1, 2);
            Assert.InRange(parts[3], 0, 1);
        }
    }

    [Fact]
    public void Dice_ZeroSides_IsError()
    {
        var b = new TestStoryBuilder();
        var dice = b.Function("dice");
        b.Node("Start", [I(OpCode.PushNumber, b.Number(0)), I(OpCode.CallFunction, dice, 1), I(OpCode.Return)]);
        Assert.Equal(StoryErrorKind.InvalidDice, b.Build().CreateSession().NextError().Kind);
    }
}
