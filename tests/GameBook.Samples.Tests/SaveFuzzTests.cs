using CsCheck;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>Damaged saves: every mutation of a real save either loads or is refused in one clear line, never a crash.</summary>
public class SaveFuzzTests
{
    private const string Story = "title: Start\n---\n<<declare $gold = 3>>\nA door.\n-> Knock\n    <<give \"pebble\">>\n    <<set $gold to $gold + 2>>\n    -> Wait\n    -> Leave\n-> Leave\n===\n";

    [Fact]
    public void LoadOption_MutatedSave_LoadsOrIsRefusedInOneLine()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("s.yarn", Story);
        var save = Path.Combine(fixture.Directory, "s.save.json");
        Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([story], Seed: 1) { SavePath = save }, new StringReader("1\nsave\nq\n"), o, e));
        var original = File.ReadAllText(save);
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Int[0, 8], Gen.Char["{}[]\",:0123456789abcdefnul -"])
            .Sample((position, length, replacement) =>
            {
                // CsCheck runs iterations on several threads at once: each needs its own file.
                var mutated = Path.Combine(fixture.Directory, $"mutated-{Guid.NewGuid():N}.json");
                var end = Math.Min(original.Length, position + length);
                File.WriteAllText(mutated, original[..position] + replacement + original[end..]);

                var (exit, _, error) = Capture.Run((o, e) => PlayCommand.Run(new PlaySettings([story], Seed: 1) { LoadPath = mutated }, new StringReader("q\n"), o, e));

                Assert.True(exit is 0 or 2, $"exit {exit}: {error}");
                if (exit == 2)
                {
                    Assert.StartsWith($"error: cannot load '{mutated}': ", error, StringComparison.Ordinal);
                    Assert.Single(Capture.Lines(error));
                }
            }, iter: 300);
    }
}
