using GameBook.Samples.Console;

// Ctrl+C: the first press asks a long command (test, explore) to stop and print its partial report; commands that
// do not listen (play) end at once, as a terminal user expects; a second press always ends the process.
using var interrupt = new CancellationTokenSource();
System.Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested && GameBookCli.CommandHandlesInterrupt)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
var context = new CliContext(System.Console.In, System.Console.Out, System.Console.Error)
{
    UseColor = !System.Console.IsOutputRedirected && !noColor,
    LiveProgress = !System.Console.IsErrorRedirected,
    EchoInput = System.Console.IsInputRedirected,
    OutputIsTerminal = !System.Console.IsOutputRedirected,
    Cancellation = interrupt.Token,
};
return GameBookCli.Run(args, context);
