using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;
using GameBook.Core.Tests.Conformance;

namespace GameBook.Core.Tests.Packaging;

/// <summary>
/// Packs GameBook.Core with <c>dotnet pack</c> into a temporary folder, as a user (or the release job) would, and
/// reads what a consumer of the package gets: every target framework's assembly with its XML docs, the readme,
/// the nuspec's metadata and dependencies, and a symbol package whose PDBs belong to those assemblies.
/// </summary>
public sealed class PackageTests
{
    private const string PackageId = "GameBook.Core";

    // A safety limit for a hung build, not a timing assertion: a cold pack on a loaded two-core machine takes minutes.
    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Pack_GameBookCore_ShipsEveryFrameworksAssemblyAndDocs_TheReadme_ItsMetadata_AndMatchingSymbols()
    {
        var root = ConformanceSuite.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the tests from inside the repository (no GameBookStudio.sln above the test binaries).");
        var projectDir = Path.Combine(root, "src", PackageId);
        var project = XDocument.Load(Path.Combine(projectDir, PackageId + ".csproj"));
        var output = Directory.CreateTempSubdirectory("gamebook-pack-");
        try
        {
            await PackAsync(Path.Combine(projectDir, PackageId + ".csproj"), output.FullName);

            var packages = output.GetFiles("*.nupkg");
            var symbols = output.GetFiles("*.snupkg");
            var package = Assert.Single(packages);
            var symbolPackage = Assert.Single(symbols);
            using var nupkg = ZipFile.OpenRead(package.FullName);
            using var snupkg = ZipFile.OpenRead(symbolPackage.FullName);

            var frameworks = LibFrameworks(nupkg);
            Assert.Contains("net10.0", frameworks);
            foreach (var tfm in ProjectFrameworks(root, project))
            {
                Assert.Contains(tfm, frameworks);
            }

            var pdbs = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var tfm in frameworks)
            {
                var dll = nupkg.GetEntry($"lib/{tfm}/{PackageId}.dll") ?? throw new Xunit.Sdk.XunitException($"lib/{tfm}/ has no {PackageId}.dll");
                var docs = nupkg.GetEntry($"lib/{tfm}/{PackageId}.xml") ?? throw new Xunit.Sdk.XunitException($"lib/{tfm}/ has no XML documentation ({PackageId}.xml)");
                AssertDocumentation(docs, tfm);
                var pdb = snupkg.GetEntry($"lib/{tfm}/{PackageId}.pdb") ?? throw new Xunit.Sdk.XunitException($"the symbol package has no lib/{tfm}/{PackageId}.pdb");
                AssertSymbolsBelongTo(dll, pdb, tfm);
                pdbs[tfm] = pdb;
            }

            var nuspec = ReadNuspec(nupkg);
            AssertMetadata(root, project, nuspec, package.Name);
            AssertReadme(nupkg, projectDir, nuspec);
            AssertDependencies(nuspec, frameworks);
            AssertRepositoryAndSourceLink(root, nuspec, pdbs.Values);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>Runs <c>dotnet pack</c> in the test's own configuration, so an already built project is only checked, not rebuilt.</summary>
    private static async Task PackAsync(string project, string outputDir)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        // The dotnet that runs the tests (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", project, "-c", configuration, "-o", outputDir, "--nologo", "--disable-build-servers" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(PackLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet pack did not finish within {PackLimit}.\n{await stdout}");
        }

        Assert.True(process.ExitCode == 0, $"dotnet pack failed with exit code {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static SortedSet<string> LibFrameworks(ZipArchive nupkg)
    {
        var frameworks = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in nupkg.Entries)
        {
            var parts = entry.FullName.Split('/');
            if (parts.Length == 3 && parts[0] == "lib")
            {
                _ = frameworks.Add(parts[1]);
            }
        }

        return frameworks;
    }

    /// <summary>The frameworks the project targets (its own TargetFramework(s), else the repository's default).</summary>
    private static IEnumerable<string> ProjectFrameworks(string root, XDocument project)
    {
        var own = Property(project, "TargetFrameworks") ?? Property(project, "TargetFramework");
        var frameworks = own ?? Property(XDocument.Load(Path.Combine(root, "Directory.Build.props")), "TargetFramework") ?? "net10.0";
        return frameworks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(f => !f.Contains("$(", StringComparison.Ordinal));
    }

    private static void AssertDocumentation(ZipArchiveEntry docs, string tfm)
    {
        using var stream = docs.Open();
        var xml = XDocument.Load(stream);
        Assert.Equal(PackageId, xml.Root?.Element("assembly")?.Element("name")?.Value);
        var members = xml.Root?.Element("members")?.Elements("member").Select(m => (string?)m.Attribute("name")).ToList() ?? [];
        Assert.True(members.Count > 100, $"lib/{tfm}/{PackageId}.xml documents only {members.Count} members");
        Assert.Contains("T:GameBook.Compilation.StoryCompiler", members);
    }

    /// <summary>The PDB is a portable PDB with the id the assembly's CodeView entry records: a debugger will load it.</summary>
    private static void AssertSymbolsBelongTo(ZipArchiveEntry dll, ZipArchiveEntry pdb, string tfm)
    {
        using var pe = new PEReader(new MemoryStream(ReadAll(dll)));
        Assert.Equal(PackageId, pe.GetMetadataReader().GetString(pe.GetMetadataReader().GetAssemblyDefinition().Name));
        var codeView = pe.ReadDebugDirectory().Where(e => e.Type == DebugDirectoryEntryType.CodeView).Select(pe.ReadCodeViewDebugDirectoryData).ToList();
        var expected = Assert.Single(codeView);
        Assert.Equal($"{PackageId}.pdb", Path.GetFileName(expected.Path.Replace('\\', '/')));

        using var provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(ReadAll(pdb)));
        var header = provider.GetMetadataReader().DebugMetadataHeader ?? throw new Xunit.Sdk.XunitException($"lib/{tfm}/{PackageId}.pdb is not a portable PDB");
        var id = header.Id.ToArray();
        Assert.True(new Guid(id.AsSpan(0, 16)) == expected.Guid, $"lib/{tfm}/{PackageId}.pdb was not built with lib/{tfm}/{PackageId}.dll (PDB id mismatch)");
    }

    private static XElement ReadNuspec(ZipArchive nupkg)
    {
        var entry = Assert.Single(nupkg.Entries, e => e.FullName == $"{PackageId}.nuspec");
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static void AssertMetadata(string root, XDocument project, XElement metadata, string fileName)
    {
        Assert.Equal(PackageId, Text(metadata, "id"));
        var version = Text(metadata, "version") ?? "";
        var prefix = Property(XDocument.Load(Path.Combine(root, "Directory.Build.props")), "VersionPrefix");
        Assert.False(string.IsNullOrEmpty(prefix), "Directory.Build.props sets no VersionPrefix (the one version of every package)");
        Assert.StartsWith(prefix, version, StringComparison.Ordinal);
        Assert.Equal($"{PackageId}.{version}.nupkg", fileName);
        Assert.Equal("GameBook Studio", Text(metadata, "authors"));
        Assert.Equal(Property(project, "Description"), Text(metadata, "description"));

        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));

        var tags = (Text(metadata, "tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(tags, t => t.Contains('$', StringComparison.Ordinal) || t.Contains(';', StringComparison.Ordinal));
        var ownTags = (Property(project, "PackageTags") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Where(t => !t.StartsWith("$(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ownTags); // the package's own tags, beside the shared ones
        Assert.Contains("gamebook", tags);
        Assert.All(ownTags, t => Assert.Contains(t, tags));
    }

    private static void AssertReadme(ZipArchive nupkg, string projectDir, XElement metadata)
    {
        Assert.Equal("README.md", Text(metadata, "readme"));
        var readme = nupkg.GetEntry("README.md") ?? throw new Xunit.Sdk.XunitException("the package has no README.md at its root");
        Assert.Equal(File.ReadAllText(Path.Combine(projectDir, "README.md")), Encoding.UTF8.GetString(ReadAll(readme)).TrimStart('\uFEFF'));
    }

    /// <summary>A dependency group per framework in lib/, none on another GameBook package (Core references none of ours).</summary>
    private static void AssertDependencies(XElement metadata, SortedSet<string> frameworks)
    {
        var groups = metadata.Elements().Single(e => e.Name.LocalName == "dependencies").Elements().Where(e => e.Name.LocalName == "group").ToList();
        Assert.Equal(frameworks.Count, groups.Count);
        var dependencies = groups.SelectMany(g => g.Elements()).Select(d => (string?)d.Attribute("id") ?? "").ToList();
        Assert.DoesNotContain(dependencies, id => id.StartsWith("GameBook.", StringComparison.Ordinal));
        Assert.All(groups, g => Assert.Contains(g.Elements(), d => (string?)d.Attribute("id") == "Microsoft.Extensions.Options"));
        Assert.All(groups.SelectMany(g => g.Elements()), d => Assert.False(string.IsNullOrEmpty((string?)d.Attribute("version")), $"dependency {(string?)d.Attribute("id")} has no version"));
    }

    /// <summary>
    /// The nuspec names the git commit it was built from; with a GitHub origin it also names the repository and
    /// project URL, and the PDBs carry Source Link to that commit's files. (A clone without such a remote, like a
    /// local worktree, has no URL to point at: only the commit is checked then.)
    /// </summary>
    private static void AssertRepositoryAndSourceLink(string root, XElement metadata, IEnumerable<ZipArchiveEntry> pdbs)
    {
        var head = Git(root, "rev-parse", "HEAD");
        if (head is null)
        {
            return; // not built from a git checkout (a source archive): nothing to point at
        }

        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(head, (string?)repository.Attribute("commit"));

        var origin = Git(root, "remote", "get-url", "origin");
        if (origin is null || !origin.StartsWith("https://github.com/", StringComparison.Ordinal))
        {
            return;
        }

        Assert.Equal(origin, (string?)repository.Attribute("url"));
        Assert.Equal(origin.EndsWith(".git", StringComparison.Ordinal) ? origin[..^4] : origin, Text(metadata, "projectUrl"));
        var raw = origin.Replace("https://github.com/", "https://raw.githubusercontent.com/", StringComparison.Ordinal);
        raw = (raw.EndsWith(".git", StringComparison.Ordinal) ? raw[..^4] : raw) + "/" + head + "/";
        foreach (var pdb in pdbs)
        {
            Assert.Contains(raw, SourceLinkJson(pdb), StringComparison.Ordinal);
        }
    }

    private static string SourceLinkJson(ZipArchiveEntry pdb)
    {
        var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
        using var provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(ReadAll(pdb)));
        var reader = provider.GetMetadataReader();
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == sourceLinkKind)
            {
                return Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        throw new Xunit.Sdk.XunitException($"{pdb.FullName} has no Source Link although the repository has a GitHub origin");
    }

    private static string? Git(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }

    private static string? Property(XDocument project, string name) =>
        project.Descendants().FirstOrDefault(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup" && e.Attribute("Condition") is null)?.Value.Trim();

    private static string? Text(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
