using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GameBook.Diagnostics;

/// <summary>
/// The instruments of GameBook.Core. One instance per meter: <see cref="Shared"/> for hosts without
/// dependency injection, or one created from the host's <see cref="IMeterFactory"/>. Thread-safe.
/// Recording costs next to nothing when nobody listens (instruments check <c>Enabled</c>).
/// </summary>
internal sealed class CoreInstrumentation
{
    /// <summary>The source for activities; shared, since activity sources are not factory-scoped.</summary>
    public static readonly ActivitySource ActivitySource = new(GameBookCoreTelemetry.Name);

    private static readonly Lazy<CoreInstrumentation> LazyShared = new(() => new CoreInstrumentation(new Meter(GameBookCoreTelemetry.Name)));

    private CoreInstrumentation(Meter meter)
    {
        CompileDuration = meter.CreateHistogram<double>(GameBookCoreTelemetry.CompileDuration, "s", "Time to compile a story.");
        SessionsStarted = meter.CreateCounter<long>(GameBookCoreTelemetry.SessionsStarted, "{session}", "Sessions created, restored or restarted.");
        SessionsActive = meter.CreateUpDownCounter<long>(GameBookCoreTelemetry.SessionsActive, "{session}", "Sessions not yet ended.");
        Steps = meter.CreateCounter<long>(GameBookCoreTelemetry.Steps, "{step}", "Steps delivered to hosts.");
        Selections = meter.CreateCounter<long>(GameBookCoreTelemetry.Selections, "{selection}", "Options chosen.");
        SessionErrors = meter.CreateCounter<long>(GameBookCoreTelemetry.SessionErrors, "{error}", "Sessions stopped by an error.");
    }

    /// <summary>The instance on a process-wide meter, for hosts that do not use dependency injection.</summary>
    public static CoreInstrumentation Shared => LazyShared.Value;

    public Histogram<double> CompileDuration { get; }

    public Counter<long> SessionsStarted { get; }

    public UpDownCounter<long> SessionsActive { get; }

    public Counter<long> Steps { get; }

    public Counter<long> Selections { get; }

    public Counter<long> SessionErrors { get; }

    /// <summary>The instance for <paramref name="factory"/> (null: <see cref="Shared"/>).</summary>
    public static CoreInstrumentation For(IMeterFactory? factory) =>
        factory is null ? Shared : new CoreInstrumentation(factory.Create(GameBookCoreTelemetry.Name));
}
