using System.Collections.Concurrent;
using System.Text;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>play --watch: a saved edit is compiled and the choices so far are replayed into it.</summary>
public class WatchTests
{
    private const string Version1 = "title: Start\n---\nA door.\n-> Knock\n    Nobody answers.\n    -> Wait\n        You wait.\n    -> Leave\n        You leave.\n-> Walk away\n    You go.\n===\n";

    [Fact]
    public void Watch_Edit_ReplaysTheChoicesIntoTheNewVersion()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Version1);
        using var play = new WatchedPlay(path);

        play.Type("1");
        play.WaitFor("Nobody answers.");
        fixture.Write("s.yarn", Version1.Replace("Nobody answers.", "A voice says: come in.", StringComparison.Ordinal));
        play.WaitFor("replayed 1 of 1 choice");
        play.WaitFor("A voice says: come in.");
        play.Type("1");
        play.WaitFor("You wait.");
        play.Type("quit");

        Assert.Equal(0, play.Exit());
    }

    [Fact]
    public void Watch_ChoiceGone_StopsThereAndSaysWhy()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Version1);
        using var play = new WatchedPlay(path);

        play.Type("1");
        play.WaitFor("Nobody answers.");
        fixture.Write("s.yarn", Version1.Replace("-> Knock", "-> Ring the bell", StringComparison.Ordinal));
        play.WaitFor("Replay stopped: choice 1 ('Knock') is gone; the options there are now 'Ring the bell', 'Walk away'.");
        play.Type("2");
        play.WaitFor("You go.");
        play.Type("q");

        Assert.Equal(0, play.Exit());
    }

    [Fact]
    public void Watch_EditWithErrors_KeepsThePreviousVersion()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("s.yarn", Version1);
        using var play = new WatchedPlay(path);

        play.Type("1");
        play.WaitFor("Nobody answers.");
        fixture.Write("s.yarn", Version1.Replace("-> Wait", "<<if>>\n    -> Wait", StringComparison.Ordinal));
        play.WaitFor("still playing the previous version");
        play.Type("2");
        play.WaitFor("You leave.");
        play.Type("q");

        Assert.Equal(0, play.Exit());
        Assert.Contains(": error GB", play.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_RewordedOptionWithAnExplicitLineId_IsStillFound()
    {
        var v1 = GameBook.Compilation.StoryCompiler.Compile("s.yarn", "title: Start\n---\n-> Knock #line:knock\n    Knocked.\n-> Leave\n===\n").Story!;
        var v2 = GameBook.Compilation.StoryCompiler.Compile("s.yarn", "title: Start\n---\n-> Leave\n-> Ring the bell #line:knock\n    Rang.\n===\n").Story!;
        var session = v1.CreateSession();
        var options = session.Next().Options;
        var turn = new Turn(session.Save(), [], 0, options[0].Text, Turn.ExplicitId(options[0]));

        var result = ChoiceReplay.Run(v2.CreateSession(), [turn]);

        Assert.Null(result.StoppedBecause);
        Assert.Equal("knock", Turn.ExplicitId(options[0])?.Replace("line:", "", StringComparison.Ordinal));
        Assert.Equal(1, Assert.Single(result.Turns).Option);
    }

    [Fact]
    public void Replay_ChoiceNowUnavailable_SaysSo()
    {
        var v1 = GameBook.Compilation.StoryCompiler.Compile("s.yarn", "title: Start\n---\n-> A\n    Took A.\n-> B\n===\n").Story!;
        var v2 = GameBook.Compilation.StoryCompiler.Compile("s.yarn", "title: Start\n---\n-> A <<if false>>\n    Took A.\n-> B\n===\n").Story!;
        var session = v1.CreateSession();
        var options = session.Next().Options;
        var turn = new Turn(session.Save(), [], 0, options[0].Text, Turn.ExplicitId(options[0]));

        var result = ChoiceReplay.Run(v2.CreateSession(), [turn]);

        Assert.Equal("choice 1 ('A') is now unavailable.", result.StoppedBecause);
        Assert.Empty(result.Turns);
    }

    /// <summary>play --watch on a thread, fed line by line, its output polled until a text appears.</summary>
    private sealed class WatchedPlay : IDisposable
    {
        private readonly BlockingCollection<string?> _lines = [];
        private readonly LockedWriter _output = new();
        private readonly Thread _thread;
        private int _exit = -1;

        public WatchedPlay(string path)
        {
            var settings = new PlaySettings([path], Seed: 1) { Watch = true, WatchDebounce = TimeSpan.FromMilliseconds(50), Width = 1000 };
            _thread = new Thread(() => _exit = PlayCommand.Run(settings, new QueueReader(_lines), _output, _output)) { IsBackground = true };
            _thread.Start();
            WaitFor("Watching s.yarn");
        }

        public string Output => _output.ToString();

        public void Type(string line) => _lines.Add(line);

        /// <summary>Waits (up to a minute: file events on a loaded machine can be slow) for the text to appear.</summary>
        public void WaitFor(string text)
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not appear; the output so far:\n{Output}");
                Thread.Sleep(20);
            }
        }

        public int Exit()
        {
            Assert.True(_thread.Join(TimeSpan.FromMinutes(1)), "play did not stop");
            return _exit;
        }

        public void Dispose()
        {
            _lines.Add(null);
            _thread.Join(TimeSpan.FromSeconds(10));
            _lines.Dispose();
        }
    }

    private sealed class QueueReader(BlockingCollection<string?> lines) : TextReader
    {
        public override string? ReadLine()
        {
            try
            {
                return lines.Take();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    private sealed class LockedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
