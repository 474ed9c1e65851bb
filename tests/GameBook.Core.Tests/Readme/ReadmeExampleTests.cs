using GameBook.Core.Tests.Conformance;
using GameBook.Runtime;
using MyGame;

namespace GameBook.Core.Tests.Readme;

public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeEmbeddingExample_IsTheCompiledExample()
    {
        var root = ConformanceSuite.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the tests from inside the repository.");
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ```csharp block.");
        start += "```csharp\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        var inReadme = readme[start..end];

        var example = File.ReadAllText(Path.Combine(root, "tests", "GameBook.Core.Tests", "Readme", "ReadmeExample.cs")).ReplaceLineEndings("\n");

        Assert.Equal(example, inReadme);
    }

    [Fact]
    public void ReadmeEmbeddingExample_PlaysAndSaves()
    {
        using var output = new StringWriter();

        var json = Intro.Play(output);

        Assert.Equal(
            "Narrator: Welcome, Ash. You have 3 gold.\nYou step onto the road with 1 gold.\n",
            output.ToString().ReplaceLineEndings("\n"));
        var snapshot = SessionSnapshot.FromJson(json);
        Assert.True(snapshot.Success, snapshot.Error);
    }
}
