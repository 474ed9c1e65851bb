using GameBook.Runtime;
using MyGame;

namespace GameBook.Core.Tests.Readme;

public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeEmbeddingExample_IsTheCompiledExample()
    {
        var root = RepositoryRoot();
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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("GameBookStudio.sln not found above the test binaries.");
    }
}
