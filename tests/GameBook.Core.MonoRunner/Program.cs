using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GameBook.Core.MonoRunner;

// Usage:
//   GameBook.Core.MonoRunner transcript <conformance suite folder> <story.yarn> <output file>
//     writes the conformance plans' transcripts, seeded playthroughs of the story and the save round-trips.
//   GameBook.Core.MonoRunner bench <story.yarn> <selections>
//     prints selections per second composing text.
//   GameBook.Core.MonoRunner patch-for-mono <netstandard2.1 output folder> <destination>   (net10.0 build only)
//     copies the netstandard2.1 build for Debian's Mono 6.8 (see MonoPatcher).
// Exit code 0 on success, 2 on bad arguments.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
if (args.Length == 4 && args[0] == "transcript")
{
    File.WriteAllText(args[3], Transcript.Everything(args[1], args[2]), utf8);
    Console.WriteLine($"transcript written to {args[3]} ({RuntimeInformation.FrameworkDescription})");
    return 0;
}

#if NET
if (args.Length == 3 && args[0] == "check-mono")
{
    foreach (var line in MonoPatcher.Unresolved(args[1], args[2]))
    {
        Console.WriteLine(line);
    }

    return 0;
}

if (args.Length == 3 && args[0] == "patch-for-mono")
{
    var count = MonoPatcher.Patch(args[1], args[2]);
    Console.WriteLine($"copied {args[1]} to {args[2]} for Mono 6.8, {count} framework member references rewritten");
    return 0;
}
#endif

if (args.Length == 3 && args[0] == "bench" && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var selections) && selections > 0)
{
    var rate = Transcripts.SelectionsPerSecond(args[1], selections);
    Console.WriteLine(rate.ToString("F0", CultureInfo.InvariantCulture) + " selections/s on " + RuntimeInformation.FrameworkDescription);
    return 0;
}

Console.Error.WriteLine("usage: transcript <conformance folder> <story.yarn> <output file> | bench <story.yarn> <selections>");
return 2;
