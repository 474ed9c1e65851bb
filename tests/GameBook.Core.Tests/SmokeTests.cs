namespace GameBook.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_Loads() => Assert.NotNull(typeof(GameBook.Placeholder).Assembly);
}
