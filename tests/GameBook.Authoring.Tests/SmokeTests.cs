namespace GameBook.Authoring.Tests;

public class SmokeTests
{
    [Fact]
    public void Placeholder_ProjectBuilds() => Assert.True(true);
}
