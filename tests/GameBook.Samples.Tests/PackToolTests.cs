namespace GameBook.Samples.Tests;

/// <summary>The tool packs as a .NET tool, installs from the pack folder, and checks the bundled story.</summary>
public class PackToolTests
{
    [ToolFact]
    public void PackedTool_InstallsIntoAToolPath_AndChecksTheBundledStory()
    {
        using var fixture = new StoryFixture();
        var packages = Path.Combine(fixture.Directory, "packages");
        var tools = Path.Combine(fixture.Directory, "tools");
        var project = Path.Combine(Terminal.RepositoryRoot, "samples", "GameBook.Samples.Console", "GameBook.Samples.Console.csproj");

        var pack = Terminal.Run(Terminal.Dotnet, ["pack", project, "-c", Terminal.Configuration, "--no-build", "-o", packages, "-p:NuGetAudit=false"], Terminal.RepositoryRoot, timeout: TimeSpan.FromMinutes(5));
        Assert.True(pack.Exit == 0, pack.Output + pack.Error);
        var package = Assert.Single(Directory.GetFiles(packages, "GameBook.Cli.*.nupkg"));

        // From a folder outside the repository, so the repository's package source mapping does not apply to the pack folder.
        var install = Terminal.Run(Terminal.Dotnet, ["tool", "install", "GameBook.Cli", "--tool-path", tools, "--add-source", packages], fixture.Directory, timeout: TimeSpan.FromMinutes(5));
        Assert.True(install.Exit == 0, install.Output + install.Error);
        var gamebook = Path.Combine(tools, OperatingSystem.IsWindows() ? "gamebook.exe" : "gamebook");
        Assert.True(File.Exists(gamebook), $"no {gamebook} after installing {Path.GetFileName(package)}");

        var stories = Directory.GetFiles(Path.Combine(Terminal.RepositoryRoot, "stories"), "*.yarn");
        var check = Terminal.Run(gamebook, ["check", .. stories], fixture.Directory);
        Assert.True(check.Exit == 0, check.Output + check.Error);
        Assert.Contains("No problems found.", check.Output, StringComparison.Ordinal);

        // The installed tool carries the bundled story: with no arguments it plays it.
        var play = Terminal.Run(gamebook, [], fixture.Directory, input: "q\n");
        Assert.True(play.Exit == 0, play.Output + play.Error);
        Assert.Contains("  1. ", play.Output, StringComparison.Ordinal);
    }
}
