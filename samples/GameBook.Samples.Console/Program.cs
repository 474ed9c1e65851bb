using GameBook.Samples.Console;

return GameBookCli.Run(args, System.Console.In, System.Console.Out, System.Console.Error,
    useColor: !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);
