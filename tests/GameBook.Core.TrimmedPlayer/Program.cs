using GameBook.Compilation;
using GameBook.Runtime;

// Plays a story generically (the first available option at every choice, at most 5,000 steps), saving to JSON and
// restoring from it after every choice. Exit code 0 when it played, every restore succeeded and no step failed.
if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: GameBook.Core.TrimmedPlayer <story.yarn>");
    return 2;
}

var result = StoryCompiler.Compile(args[0], File.ReadAllText(args[0]));
if (result.Story is not { } story)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, result.Diagnostics));
    return 1;
}

var session = story.CreateSession(new SessionOptions { Seed = 7 });
int steps = 0, choices = 0, lines = 0;
for (; steps < 5000; steps++)
{
    var step = session.Next();
    if (step.Kind == StepKind.End)
    {
        break;
    }

    if (step.Kind == StepKind.Error)
    {
        Console.Error.WriteLine($"step {steps}: {step.Error?.Message}");
        return 1;
    }

    if (step.Kind == StepKind.Line)
    {
        lines += step.Line.Text.Length > 0 ? 1 : 0;
        continue;
    }

    if (step.Kind != StepKind.Options)
    {
        continue;
    }

    var chosen = StorySession.NoOption;
    for (var i = 0; i < step.Options.Count; i++)
    {
        if (step.Options[i].IsAvailable)
        {
            chosen = i;
            break;
        }
    }

    session.Choose(chosen);
    choices++;
    var read = SessionSnapshot.FromJson(session.Save().ToJson());
    var restored = read.Success ? story.Restore(read.Snapshot!) : null;
    if (restored is not { Success: true })
    {
        Console.Error.WriteLine($"choice {choices}: restore failed: {read.Error ?? restored?.Error}");
        return 1;
    }

    session.Dispose();
    session = restored.Session!;
}

session.Dispose();
Console.WriteLine($"played {steps} steps, {lines} lines, {choices} choices, each saved and restored");
return lines > 0 && choices > 0 ? 0 : 1;
