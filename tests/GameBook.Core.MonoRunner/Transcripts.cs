using System.Diagnostics;
using System.Globalization;
using System.Text;
using GameBook.Compilation;
using GameBook.Core.Tests.Conformance;
using GameBook.Runtime;
using GameBook.Values;

namespace GameBook.Core.MonoRunner;

/// <summary>
/// Plays stories deterministically and writes down every step, so two builds of GameBook.Core (netstandard2.1 on
/// Mono, net10.0 on CoreCLR) can be compared line by line. Compiled into the Mono runner and into the Core tests.
/// </summary>
public static class Transcripts
{
    /// <summary>Plays every planned conformance test case (and extra/Example.yarn) the way the plan drives it.</summary>
    public static string Conformance(string suiteDirectory)
    {
        var cases = Path.Combine(suiteDirectory, "TestCases");
        var files = Directory.EnumerateFiles(cases, "*.yarn")
            .Where(f => File.Exists(Path.ChangeExtension(f, ".testplan")))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        files.Add(Path.Combine(suiteDirectory, "extra", "Example.yarn"));
        var text = new StringBuilder();
        foreach (var file in files)
        {
            text.Append("== ").Append(Path.GetFileName(file)).Append('\n');
            PlayPlan(file, Path.ChangeExtension(file, ".testplan"), text);
        }

        return text.ToString();
    }

    /// <summary>Plays <paramref name="yarnPath"/> as its plan drives it: the plan's selections, jumps and variable
    /// settings, recording what the session produced at each step (not whether it matched).</summary>
    public static void PlayPlan(string yarnPath, string planPath, StringBuilder text)
    {
        var host = new ConformanceHost();
        var result = StoryCompiler.Compile(yarnPath, File.ReadAllText(yarnPath), new CompileOptions { Library = host.CreateCompileLibrary() });
        foreach (var diagnostic in result.Diagnostics)
        {
            text.Append("diagnostic ").Append(diagnostic.ToString()).Append('\n');
        }

        if (result.Story is null)
        {
            return;
        }

        var plan = TestPlan.FromFile(planPath);
        using var session = result.Story.CreateSession(new SessionOptions
        {
            StartNode = "Start",
            Seed = 0,
            Library = host.CreateSessionLibrary(),
            SaliencyStrategy = SaliencyStrategies.BestLeastRecentlySeen,
        });
        foreach (var run in plan.Runs)
        {
            text.Append("-- run ").Append(run.Number.ToString(CultureInfo.InvariantCulture)).Append('\n');
            PlayRun(session, run, host, text);
        }
    }

    private static void PlayRun(StorySession session, TestRun run, ConformanceHost host, StringBuilder text)
    {
        try
        {
            session.JumpTo("Start");
            foreach (var step in run.Steps)
            {
                switch (step)
                {
                    case OptionStep:
                        continue;
                    case SetStep set:
                        session.SetVariable(set.Variable, set.BoolValue is { } b ? StoryValue.FromBool(b) : StoryValue.FromNumber(set.NumberValue!.Value));
                        text.Append("set ").Append(set.Variable).Append('\n');
                        continue;
                    case NodeStep node:
                        session.JumpTo(node.NodeName);
                        text.Append("jump ").Append(node.NodeName).Append('\n');
                        continue;
                    case SaliencyStep saliency:
                        session.SaliencyStrategy = saliency.Mode switch
                        {
                            "first" => SaliencyStrategies.First,
                            "best" => SaliencyStrategies.Best,
                            _ => SaliencyStrategies.BestLeastRecentlySeen,
                        };
                        continue;
                }

                var actual = session.Next();
                text.Append(Describe(actual)).Append('\n');
                foreach (var failure in host.TakeAssertFailures())
                {
                    text.Append("assert ").Append(failure).Append('\n');
                }

                if (actual.Kind is StepKind.End or StepKind.Error || step is StopStep)
                {
                    return;
                }

                if (step is SelectStep select && actual.Kind == StepKind.Options)
                {
                    session.Choose(select.Option == 0 ? StorySession.NoOption : select.Option - 1);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            text.Append("threw ").Append(e.GetType().Name).Append(": ").Append(e.Message).Append('\n');
        }
    }

    /// <summary>Plays <paramref name="storyPath"/> from its first node with session seed <paramref name="seed"/>,
    /// picking among the available options with a generator seeded the same way, until the end or
    /// <paramref name="maxSteps"/> steps; every tenth step it saves to JSON, restores, checks the restored session
    /// saves the same JSON, and plays on with the restored session.</summary>
    public static string Playthrough(string storyPath, ulong seed, int maxSteps)
    {
        var text = new StringBuilder();
        var result = StoryCompiler.Compile(storyPath, File.ReadAllText(storyPath));
        if (result.Story is null)
        {
            return string.Join("\n", result.Diagnostics) + "\n";
        }

        var story = result.Story;
        var chooser = new SplitMix(seed);
        var session = story.CreateSession(new SessionOptions { Seed = seed });
        try
        {
            for (var i = 0; i < maxSteps; i++)
            {
                var description = Advance(session, ref chooser);
                text.Append(description).Append('\n');
                if (description == "end")
                {
                    break;
                }

                if (i % 10 == 9)
                {
                    var json = session.Save().ToJson();
                    text.Append("save ").Append(json).Append('\n');
                    var restored = Restore(story, json, out var problem);
                    if (restored is null)
                    {
                        text.Append("restore failed: ").Append(problem).Append('\n');
                        break;
                    }

                    session.Dispose();
                    session = restored;
                }
            }
        }
        finally
        {
            session.Dispose();
        }

        return text.ToString();
    }

    /// <summary>The save round-trip property with fixed seeds: after a random number of steps, a session saved to
    /// JSON and restored plays on exactly as the original does, step for step.</summary>
    public static string SaveRoundTrips(string storyPath, int trials)
    {
        var text = new StringBuilder();
        var compiled = StoryCompiler.Compile(storyPath, File.ReadAllText(storyPath));
        if (compiled.Story is not { } story)
        {
            return string.Join("\n", compiled.Diagnostics) + "\n";
        }

        var trialSeeds = new SplitMix(20261201);
        for (var trial = 0; trial < trials; trial++)
        {
            var seed = trialSeeds.Next();
            var before = (int)(trialSeeds.Next() % 200);
            var after = 1 + (int)(trialSeeds.Next() % 40);
            var chooseSeed = trialSeeds.Next();
            using var session = story.CreateSession(new SessionOptions { Seed = seed });
            var chooser = new SplitMix(chooseSeed);
            for (var i = 0; i < before; i++)
            {
                Advance(session, ref chooser);
            }

            var json = session.Save().ToJson();
            using var restored = Restore(story, json, out var problem);
            string verdict;
            if (restored is null)
            {
                verdict = "restore failed: " + problem;
            }
            else
            {
                var a = chooser;
                var b = chooser;
                verdict = "identical";
                for (var i = 0; i < after; i++)
                {
                    var expected = Advance(session, ref a);
                    var actual = Advance(restored, ref b);
                    if (expected != actual)
                    {
                        verdict = $"diverged at step {i + 1}: {expected} vs {actual}";
                        break;
                    }
                }
            }

            text.Append(FormattableString.Invariant($"trial {trial}: seed {seed}, {before} steps, save {json.Length} chars, then {after} steps: {verdict}\n"));
        }

        return text.ToString();
    }

    /// <summary>Selections per second composing every line and option's text, as the play benchmark measures.</summary>
    public static double SelectionsPerSecond(string storyPath, int selections)
    {
        var story = StoryCompiler.Compile(storyPath, File.ReadAllText(storyPath)).Story
            ?? throw new InvalidOperationException($"{storyPath} does not compile.");
        var chooser = new SplitMix(1);
        using var session = story.CreateSession(new SessionOptions { Seed = 1 });
        var warmup = Select(session, ref chooser, Math.Max(1, selections / 10));
        var watch = Stopwatch.StartNew();
        var characters = Select(session, ref chooser, selections);
        watch.Stop();
        GC.KeepAlive(warmup + characters);
        return selections / watch.Elapsed.TotalSeconds;
    }

    private static long Select(StorySession session, ref SplitMix chooser, int selections)
    {
        long characters = 0;
        var made = 0;
        while (made < selections)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    characters += step.Line.Text.Length;
                    break;
                case StepKind.Options:
                    var options = step.Options;
                    for (var i = 0; i < options.Count; i++)
                    {
                        characters += options[i].Text.Length;
                    }

                    session.Choose(Pick(options, ref chooser));
                    made++;
                    break;
                case StepKind.End:
                    session.JumpTo(new SessionOptions().StartNode);
                    break;
                case StepKind.Error:
                    throw new InvalidOperationException(step.Error?.Message);
            }
        }

        return characters;
    }

    private static StorySession? Restore(Story story, string json, out string? problem)
    {
        var read = SessionSnapshot.FromJson(json);
        if (!read.Success)
        {
            problem = read.Error;
            return null;
        }

        var restore = story.Restore(read.Snapshot!);
        if (!restore.Success)
        {
            problem = restore.Error;
            return null;
        }

        var again = restore.Session!.Save().ToJson();
        problem = again == json ? null : "the restored session saves different JSON: " + again;
        if (problem is not null)
        {
            restore.Session.Dispose();
            return null;
        }

        return restore.Session;
    }

    private static string Advance(StorySession session, ref SplitMix chooser)
    {
        var step = session.Next();
        switch (step.Kind)
        {
            case StepKind.Options:
                var chosen = Pick(step.Options, ref chooser);
                session.Choose(chosen);
                return Describe(step) + " -> " + chosen.ToString(CultureInfo.InvariantCulture);
            case StepKind.End:
                return "end";
            default:
                return Describe(step);
        }
    }

    private static int Pick(OptionSet options, ref SplitMix chooser)
    {
        if (options.AvailableCount == 0)
        {
            return StorySession.NoOption;
        }

        var pick = (int)(chooser.Next() % (ulong)options.AvailableCount);
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].IsAvailable && pick-- == 0)
            {
                return i;
            }
        }

        return StorySession.NoOption;
    }

    /// <summary>One line describing a step.</summary>
    public static string Describe(StoryStep step) => step.Kind switch
    {
        StepKind.Line => "line " + step.Line.Text,
        StepKind.Command => "command " + step.Command.Text,
        StepKind.End => "end",
        StepKind.Error => "error " + step.Error?.Message,
        StepKind.Options => "options " + string.Join(" | ", Enumerable.Range(0, step.Options.Count)
            .Select(k => step.Options[k].Text + (step.Options[k].IsAvailable ? "" : " [disabled]"))),
        _ => step.Kind.ToString(),
    };

    /// <summary>SplitMix64: the same numbers on every runtime, unlike <see cref="Random"/>.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

/// <summary>Everything the runner compares, in one text.</summary>
public static class Transcript
{
    /// <summary>The seeds the bundled story is played with.</summary>
    public static readonly ulong[] Seeds = [1, 2, 3, 42, 20261201];

    /// <summary>Conformance plans, seeded playthroughs of <paramref name="storyPath"/> and save round-trips.</summary>
    public static string Everything(string conformanceDirectory, string storyPath)
    {
        var text = new StringBuilder();
        text.Append(Transcripts.Conformance(conformanceDirectory));
        foreach (var seed in Seeds)
        {
            text.Append("== ").Append(Path.GetFileName(storyPath)).Append(" seed ").Append(seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append(Transcripts.Playthrough(storyPath, seed, maxSteps: 2000));
        }

        text.Append("== save round-trips\n").Append(Transcripts.SaveRoundTrips(storyPath, trials: 50));
        return text.ToString();
    }
}
