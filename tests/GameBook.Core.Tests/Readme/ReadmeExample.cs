using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;

namespace MyGame;

public static class Intro
{
    public static string Play(TextWriter output)
    {
        var library = new FunctionLibrary().AddFunction("player_name", () => "Ash");
        var result = StoryCompiler.Compile("intro.yarn", Source, new CompileOptions { Library = library });
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(diagnostic); // intro.yarn(4,12): error GB0018: ...
        }

        if (result.Story is not { } story)
        {
            return ""; // errors: nothing to play (the diagnostics above say what to fix)
        }

        var session = story.CreateSession(new SessionOptions { Seed = 42 });
        for (var step = session.Next(); step.Kind != StepKind.End; step = session.Next())
        {
            if (step.Kind == StepKind.Line)
            {
                output.WriteLine(step.Line.Text);
            }
            else if (step.Kind == StepKind.Options)
            {
                session.Choose(0); // a real host shows step.Options and lets the player pick
            }
        }

        // Persist this; later: story.Restore(SessionSnapshot.FromJson(json).Snapshot!).Session
        return session.Save().ToJson();
    }

    private const string Source = """
        title: Start
        ---
        <<declare $gold = 3>>
        Narrator: Welcome, {player_name()}. You have {$gold} gold.
        -> Buy a lantern <<if $gold >= 2>>
            <<give "lantern">>
            <<set $gold -= 2>>
        -> Walk on in the dark
        You step onto the road with {$gold} gold. <<if has("lantern")>>
        ===
        """;
}
