using GameBook.Hosting;
using GameBook.Orleans.Sessions;
using GameBook.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Orleans.Tests;

/// <summary>
/// Plays sessions to their ending with one deterministic policy, twice over: directly on the engine in this process
/// (the reference) and through session grains. Both write the same transcript format from their own types, so equal
/// transcripts mean the cluster showed the player exactly what one process would have.
/// </summary>
public static class Transcripts
{
    public const int MaxSteps = 400;

    /// <summary>Which available option the policy picks at the given options step of a seed's session.</summary>
    public static int Pick(ulong seed, int step, IReadOnlyList<int> available) =>
        available[(int)((seed * 31 + (ulong)step * 17) % (ulong)available.Count)];

    /// <summary>The reference: the engine in this process, the same catalog folder.</summary>
    public static List<string> PlayLocally(string storiesPath, string story, ulong seed)
    {
        using var services = new ServiceCollection().AddGameBook(o =>
        {
            o.StoriesPath = storiesPath;
            o.ReloadOnChange = false;
        }).Services.BuildServiceProvider();
        var factory = services.GetRequiredService<IStorySessionFactory>();
        using var session = factory.CreateSession(story, "Start", seed);
        var transcript = new List<string>();
        for (var i = 0; i < MaxSteps; i++)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    transcript.Add("line: " + step.Line.Text);
                    break;
                case StepKind.Command:
                    transcript.Add("command: " + step.Command.Text);
                    break;
                case StepKind.Options:
                    var texts = new List<string>();
                    var available = new List<int>();
                    foreach (var option in step.Options)
                    {
                        texts.Add(option.IsAvailable ? option.Text : "(" + option.Text + ")");
                        if (option.IsAvailable)
                        {
                            available.Add(option.Index);
                        }
                    }

                    var pick = available.Count == 0 ? StorySession.NoOption : Pick(seed, transcript.Count, available);
                    transcript.Add("options: " + string.Join(" | ", texts) + " -> " + pick);
                    session.Choose(pick);
                    break;
                case StepKind.Error:
                    transcript.Add("error: " + step.Error?.Message);
                    return transcript;
                default:
                    transcript.Add("end");
                    return transcript;
            }
        }

        throw new InvalidOperationException($"Seed {seed} did not end within {MaxSteps} steps.");
    }

    /// <summary>
    /// Plays one step through a grain and appends it to the transcript only once the grain acknowledged it, so a step
    /// whose call threw can be played again (with the same version) without a gap or a repeat in the transcript.
    /// </summary>
    /// <returns>False once the session ended.</returns>
    public static async Task<(bool More, SessionView View)> StepAsync(IStorySessionGrain grain, SessionView view, ulong seed, List<string> transcript)
    {
        var step = view.Step ?? throw new InvalidOperationException("No step: " + view);
        switch (step.Kind)
        {
            case SessionStepKind.Line:
            {
                var next = Expect(await grain.NextAsync(view.Version));
                transcript.Add("line: " + step.Text);
                return (true, next);
            }

            case SessionStepKind.Command:
            {
                var next = Expect(await grain.NextAsync(view.Version));
                transcript.Add("command: " + step.Text);
                return (true, next);
            }

            case SessionStepKind.Options:
            {
                var available = step.Options.Where(o => o.IsAvailable).Select(o => o.Index).ToList();
                var pick = available.Count == 0 ? StorySession.NoOption : Pick(seed, transcript.Count, available);
                var next = Expect(await grain.ChooseAsync(pick, view.Version));
                transcript.Add("options: " + string.Join(" | ", step.Options.Select(o => o.IsAvailable ? o.Text : "(" + o.Text + ")")) + " -> " + pick);
                return (true, next);
            }

            case SessionStepKind.Error:
                transcript.Add("error: " + step.Text);
                return (false, view);
            default:
                transcript.Add("end");
                return (false, view);
        }
    }

    public static SessionView Expect(SessionView view) =>
        view.IsOk ? view : throw new InvalidOperationException("The grain refused: " + view);
}
