using GameBook.Library;
using GameBook.Values;

namespace GameBook.Core.Tests.Library;

public class FunctionLibraryTests
{
    [Fact]
    public void AddFunction_TypedDelegate_InfersStoryTypes()
    {
        var library = new FunctionLibrary().AddFunction("add_three", (int a, int b, int c) => a + b + c);

        Assert.True(library.TryGetFunction("add_three", out var info));
        Assert.Equal(StoryType.Number, info.ReturnType);
        Assert.Equal(new[] { StoryType.Number, StoryType.Number, StoryType.Number }, info.ParameterTypes.ToArray());
        var result = info.Implementation!([StoryValue.FromNumber(1), StoryValue.FromNumber(2), StoryValue.FromNumber(3)]);
        Assert.Equal(6, result.AsNumber);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("has space")]
    public void AddFunction_InvalidName_Throws(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => new FunctionLibrary().AddFunction(name, () => 1));

    [Fact]
    public void BuiltIns_IncludeVisitsDiceAndInventory()
    {
        var library = new FunctionLibrary();
        foreach (var name in new[] { "visited", "visited_count", "dice", "roll", "has", "count", "random_range", "string" })
        {
            Assert.True(library.TryGetFunction(name, out _), name);
        }
    }
}
