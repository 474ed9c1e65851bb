using System.Text.Json;
using GameBook.Hosting;
using GameBook.Runtime;
using GameBook.Samples.Web.Analytics;
using GameBook.Samples.Web.Localization;
using GameBook.Samples.Web.Stories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// What the session endpoints do: create, read, advance, choose, save, restore and delete sessions, with the token
/// check, the per-session gate, idle expiry and analytics. Store calls go through the configured resilience
/// pipeline. Every outcome is a result (a step or a problem); bad input never throws. Thread-safe.
/// </summary>
internal sealed partial class SessionService
{
    /// <summary>Where a session starts (the story's entry node).</summary>
    public const string StartNode = "Start";

    private readonly IStoryCatalog _catalog;
    private readonly IStorySessionFactory _factory;
    private readonly ISessionStore _store;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly StoryAnalytics _analytics;
    private readonly StoryServerLifetime _lifetime;
    private readonly ILogger<SessionService> _logger;
    private readonly SessionServerOptions _options;
    private readonly StoryLocales _locales;

    public SessionService(
        IStoryCatalog catalog,
        IStorySessionFactory factory,
        ISessionStore store,
        ResiliencePipelineProvider<string> pipelines,
        TimeProvider time,
        StoryAnalytics analytics,
        StoryServerLifetime lifetime,
        IOptions<StoryServerOptions> options,
        ILogger<SessionService> logger,
        StoryLocales locales)
    {
        _locales = locales;
        _catalog = catalog;
        _factory = factory;
        _store = store;
        _options = options.Value.Sessions;
        _pipeline = pipelines.GetPipeline(_options.Pipeline);
        _time = time;
        _analytics = analytics;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Sessions held in this process.</summary>
    public int Count => _store.Count;

    public async Task<Results<Created<SessionCreatedDto>, ProblemHttpResult>> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken)
    {
        if (_lifetime.IsStopping)
        {
            return StoryServerProblems.Stopping();
        }

        if (string.IsNullOrWhiteSpace(request.Story))
        {
            return StoryServerProblems.Invalid("'story' is required: the name of a story from GET /api/stories.");
        }

        if (request.Locale is not null && !StoryLocales.IsCultureName(request.Locale))
        {
            return StoryServerProblems.Invalid($"'locale' must be a culture name such as 'en' or 'fr-CA'; '{Truncate(request.Locale)}' is not one.");
        }

        if (!StoryLookup.TryGet(_catalog, request.Story, out var story, out var missing))
        {
            return missing;
        }

        if (request.Locale is not null && _locales.Resolve(request.Story, story, request.Locale).Problem is { } unsupported)
        {
            return StoryServerProblems.LocaleUnsupported(Truncate(request.Story), unsupported);
        }

        if (_store.Count >= _options.MaxSessions)
        {
            return StoryServerProblems.SessionLimit(_options.MaxSessions);
        }

        StorySession session;
        try
        {
            if (!story.ContainsNode(StartNode) || !_factory.TryCreateSession(request.Story, out var created, StartNode, request.Seed))
            {
                return StoryServerProblems.Invalid($"Story '{request.Story}' has no node '{StartNode}' to start at.");
            }

            session = created;
        }
        catch (ArgumentException ex)
        {
            return StoryServerProblems.Invalid($"Story '{request.Story}' cannot start: {ex.Message}");
        }

        if (ApplyLocale(request.Story, session, request.Locale) is { } localeProblem)
        {
            session.Dispose();
            return localeProblem;
        }

        var token = SessionSecrets.NewToken();
        var hosted = new HostedSession(SessionSecrets.NewId(), token, request.Story, request.Locale, session, _time.GetUtcNow());
        Step(hosted);
        var problem = await AddAsync(hosted, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        _analytics.SessionStarted(request.Story);
        return TypedResults.Created($"/api/sessions/{hosted.Id}", new SessionCreatedDto(hosted.Id, token, hosted.StoryName, hosted.CurrentDto, PlayedLocale(hosted)));
    }

    public async Task<Results<Created<SessionCreatedDto>, ProblemHttpResult>> RestoreAsync(RestoreSessionRequest request, CancellationToken cancellationToken)
    {
        if (_lifetime.IsStopping)
        {
            return StoryServerProblems.Stopping();
        }

        if (string.IsNullOrWhiteSpace(request.Story))
        {
            return StoryServerProblems.Invalid("'story' is required: the story to restore the save into.");
        }

        if (request.Snapshot.ValueKind != JsonValueKind.Object)
        {
            return StoryServerProblems.SaveMalformed("'snapshot' must be the JSON object GET /api/sessions/{id}/save returned.");
        }

        if (request.Locale is not null && !StoryLocales.IsCultureName(request.Locale))
        {
            return StoryServerProblems.Invalid($"'locale' must be a culture name such as 'en' or 'fr-CA'; '{Truncate(request.Locale)}' is not one.");
        }

        if (!StoryLookup.TryGet(_catalog, request.Story, out var story, out var missing))
        {
            return missing;
        }

        if (request.Locale is not null && _locales.Resolve(request.Story, story, request.Locale).Problem is { } unsupported)
        {
            return StoryServerProblems.LocaleUnsupported(Truncate(request.Story), unsupported);
        }

        if (_store.Count >= _options.MaxSessions)
        {
            return StoryServerProblems.SessionLimit(_options.MaxSessions);
        }

        var read = SessionSnapshot.FromJson(request.Snapshot.GetRawText());
        if (!read.Success)
        {
            return StoryServerProblems.SaveMalformed(read.Error ?? "unreadable snapshot.");
        }

        var snapshot = read.Snapshot!;
        var sameVersion = string.Equals(snapshot.Fingerprint, story.Fingerprint, StringComparison.Ordinal);
        if (!sameVersion)
        {
            foreach (var (name, other) in _catalog.Stories)
            {
                if (!string.Equals(name, request.Story, StringComparison.Ordinal) && string.Equals(other.Fingerprint, snapshot.Fingerprint, StringComparison.Ordinal))
                {
                    return StoryServerProblems.SaveForeign(request.Story, name);
                }
            }
        }

        var restored = _factory.Restore(request.Story, snapshot);
        if (!restored.Success)
        {
            var reason = restored.Error ?? "the snapshot was refused.";
            return sameVersion ? StoryServerProblems.SaveMalformed(reason) : StoryServerProblems.SaveIncompatible(request.Story, reason);
        }

        if (ApplyLocale(request.Story, restored.Session!, request.Locale) is { } localeProblem)
        {
            restored.Session!.Dispose();
            return localeProblem;
        }

        var token = SessionSecrets.NewToken();
        var hosted = new HostedSession(SessionSecrets.NewId(), token, request.Story, request.Locale, restored.Session!, _time.GetUtcNow())
        {
            LastNode = StepMapper.CurrentNode(snapshot),
            EndCounted = snapshot.State == SessionState.Ended,
        };
        Step(hosted);
        var problem = await AddAsync(hosted, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Created($"/api/sessions/{hosted.Id}", new SessionCreatedDto(hosted.Id, token, hosted.StoryName, hosted.CurrentDto, PlayedLocale(hosted)));
    }

    public async Task<Results<Ok<StepDto>, ProblemHttpResult>> GetAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var (session, problem) = await OpenAsync(id, token, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(session!.CurrentDto);
    }

    public async Task<Results<Ok<StepDto>, ProblemHttpResult>> AdvanceAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var (session, problem) = await OpenAsync(id, token, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        await session!.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (session.Closed)
            {
                return StoryServerProblems.SessionNotFound();
            }

            switch (session.Current.Kind)
            {
                case StepKind.Options:
                    return StoryServerProblems.ChooseFirst();
                case StepKind.Line or StepKind.Command:
                    Step(session);
                    problem = await UpdateAsync(session, cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    break;
            }

            return TypedResults.Ok(session.CurrentDto);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    public async Task<Results<Ok<StepDto>, ProblemHttpResult>> ChooseAsync(string id, string? token, ChooseRequest request, CancellationToken cancellationToken)
    {
        var (session, problem) = await OpenAsync(id, token, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request.Option is not { } option)
        {
            return StoryServerProblems.Invalid("'option' is required: the index of the chosen option, or -1 to continue past a set with no available option.");
        }

        await session!.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (session.Closed)
            {
                return StoryServerProblems.SessionNotFound();
            }

            if (session.Current.Kind != StepKind.Options)
            {
                return StoryServerProblems.NothingToChoose(session.CurrentDto.Kind);
            }

            var options = session.Current.Options;
            if (option == StorySession.NoOption ? options.AvailableCount != 0 : (uint)option >= (uint)options.Count)
            {
                return StoryServerProblems.OptionOutOfRange(option, options.Count, options.AvailableCount);
            }

            if (option != StorySession.NoOption && !options[option].IsAvailable)
            {
                return StoryServerProblems.OptionNotAvailable(option);
            }

            _analytics.OptionChosen(session.StoryName, session.LastNode, options, option);
            session.Session.Choose(option);
            Step(session, chose: true);
            problem = await UpdateAsync(session, cancellationToken).ConfigureAwait(false);
            return problem is null ? TypedResults.Ok(session.CurrentDto) : problem;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    public async Task<Results<ContentHttpResult, ProblemHttpResult>> SaveAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var (session, problem) = await OpenAsync(id, token, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // The snapshot is immutable and replaced whole by each step: no gate needed to read a consistent one.
        return TypedResults.Text(session!.BeforeCurrent.ToJson(), "application/json");
    }

    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, string? token, CancellationToken cancellationToken)
    {
        var (session, problem) = await OpenAsync(id, token, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        problem = await CloseAsync(session!, CancellationToken.None).ConfigureAwait(false);
        return problem is null ? TypedResults.NoContent() : problem;
    }

    /// <summary>Removes every session idle for <see cref="SessionServerOptions.IdleTimeout"/>; returns how many.</summary>
    public async Task<int> SweepExpiredAsync(CancellationToken cancellationToken)
    {
        var idle = await ListIdleAsync(_time.GetUtcNow() - _options.IdleTimeout, cancellationToken).ConfigureAwait(false);
        var expired = 0;
        foreach (var session in idle)
        {
            if (await CloseAsync(session, cancellationToken).ConfigureAwait(false) is null)
            {
                expired++;
            }
        }

        if (expired > 0)
        {
            Log.SessionsExpired(_logger, expired);
        }

        return expired;
    }

    /// <summary>
    /// Frees the memory of sessions idle for <see cref="SessionServerOptions.EvictIdleAfter"/>: a store that keeps
    /// evicted sessions saves them first; otherwise they end here (counted as stops). Returns how many.
    /// </summary>
    public async Task<int> EvictIdleAsync(CancellationToken cancellationToken)
    {
        var idle = await ListIdleAsync(_time.GetUtcNow() - _options.EvictIdleAfter, cancellationToken).ConfigureAwait(false);
        var evicted = 0;
        foreach (var session in idle)
        {
            await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (session.Closed)
                {
                    continue;
                }

                if (_store.KeepsEvictedSessions)
                {
                    await _pipeline.ExecuteAsync(static (s, ct) => s.Store.UpdateAsync(s.Session, ct), (Store: _store, Session: session), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    session.Closed = true;
                    if (!session.EndCounted)
                    {
                        _analytics.Stopped(session.StoryName, session.LastNode);
                    }

                    session.Session.Dispose();
                }

                await _pipeline.ExecuteAsync(static (s, ct) => s.Store.EvictAsync(s.Session, ct), (Store: _store, Session: session), cancellationToken).ConfigureAwait(false);
                evicted++;
            }
            finally
            {
                session.Gate.Release();
            }
        }

        Log.SessionsEvicted(_logger, evicted, _store.KeepsEvictedSessions);
        return evicted;
    }

    /// <summary>
    /// Produces the session's next step, remembering the snapshot before it (what a save returns) and its node. The
    /// snapshot taken after a step is the one before the next step unless a choice came between, so an advance takes
    /// one snapshot and a choice two.
    /// </summary>
    private void Step(HostedSession session, bool chose = false)
    {
        var before = !chose && session.AfterCurrent is { } after ? after : session.Session.Save();
        var step = session.Session.Next();
        session.AfterCurrent = session.Session.Save();
        var node = StepMapper.CurrentNode(session.Session);
        if (node is not null)
        {
            session.LastNode = node;
        }

        session.BeforeCurrent = before;
        session.Current = step;
        session.CurrentDto = StepMapper.ToDto(session.Session.Story, step, node ?? session.LastNode);
        if (step.Kind == StepKind.End && !session.EndCounted)
        {
            session.EndCounted = true;
            _analytics.EndingReached(session.StoryName, session.LastNode);
        }
    }

    private async ValueTask<(HostedSession? Session, ProblemHttpResult? Problem)> OpenAsync(string id, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, StoryServerProblems.TokenMissing());
        }

        if (!SessionSecrets.IsWellFormedId(id))
        {
            return (null, StoryServerProblems.SessionNotFound());
        }

        HostedSession? session;
        try
        {
            session = await _pipeline.ExecuteAsync(static (s, ct) => s.Store.FindAsync(s.Id, ct), (Store: _store, Id: id), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            return (null, StoreProblem(ex, "find"));
        }

        if (session is null || session.Closed)
        {
            return (null, StoryServerProblems.SessionNotFound());
        }

        if (!SessionSecrets.TokenMatches(session.TokenUtf8, token))
        {
            return (null, StoryServerProblems.TokenWrong());
        }

        var now = _time.GetUtcNow();
        if (now - session.LastUsed >= _options.IdleTimeout)
        {
            await CloseAsync(session, CancellationToken.None).ConfigureAwait(false);
            return (null, StoryServerProblems.SessionNotFound());
        }

        session.Touch(now);
        return (session, null);
    }

    /// <summary>Ends a session (delete, expiry): removes it from the store and counts where it stopped. Null on success.</summary>
    private async ValueTask<ProblemHttpResult?> CloseAsync(HostedSession session, CancellationToken cancellationToken)
    {
        await session.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (session.Closed)
            {
                return StoryServerProblems.SessionNotFound();
            }

            try
            {
                await _pipeline.ExecuteAsync(static (s, ct) => s.Store.RemoveAsync(s.Session.Id, ct), (Store: _store, Session: session), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
            {
                return StoreProblem(ex, "remove");
            }

            session.Closed = true;
            session.Session.Dispose();
            if (!session.EndCounted)
            {
                _analytics.Stopped(session.StoryName, session.LastNode);
            }

            return null;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private ValueTask<IReadOnlyList<HostedSession>> ListIdleAsync(DateTimeOffset usedBefore, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (s, ct) => s.Store.ListIdleAsync(s.UsedBefore, int.MaxValue, ct), (Store: _store, UsedBefore: usedBefore), cancellationToken);

    private async ValueTask<ProblemHttpResult?> AddAsync(HostedSession session, CancellationToken cancellationToken)
    {
        try
        {
            var added = await _pipeline.ExecuteAsync(static (s, ct) => s.Store.AddAsync(s.Session, ct), (Store: _store, Session: session), cancellationToken).ConfigureAwait(false);
            return added ? null : StoryServerProblems.StorageDown("a session with this id exists already");
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            session.Session.Dispose();
            return StoreProblem(ex, "add");
        }
    }

    private async ValueTask<ProblemHttpResult?> UpdateAsync(HostedSession session, CancellationToken cancellationToken)
    {
        if (!_store.PersistsUpdates)
        {
            return null;
        }

        try
        {
            await _pipeline.ExecuteAsync(static (s, ct) => s.Store.UpdateAsync(s.Session, ct), (Store: _store, Session: session), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            return StoreProblem(ex, "update");
        }
    }

    private ProblemHttpResult StoreProblem(Exception ex, string operation)
    {
        Log.StoreCallFailed(_logger, ex, operation);
        return StoryServerProblems.StorageDown(ex is ExecutionRejectedException ? $"{operation} refused: {ex.Message}" : $"{operation} failed");
    }

    // The caller going away is not a store failure; everything else that escaped the pipeline is.
    private static bool IsStoreFailure(Exception ex, CancellationToken cancellationToken) =>
        !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Gives a new or restored session the lines of its locale (Localization/StoryLocales.cs: the string table beside
    /// the story, or the base text), resolved on the story version the session plays. Null on success.
    /// </summary>
    private ProblemHttpResult? ApplyLocale(string storyName, StorySession session, string? locale)
    {
        if (locale is null)
        {
            return null;
        }

        var resolved = _locales.Resolve(storyName, session.Story, locale);
        if (resolved.Problem is { } problem)
        {
            return StoryServerProblems.LocaleUnsupported(Truncate(storyName), problem);
        }

        session.Localization = resolved.Localization;
        return null;
    }

    /// <summary>The locale a session's lines are in: its table's, or the base locale; null when it asked for none.</summary>
    private string? PlayedLocale(HostedSession session) =>
        session.Session.Localization?.Locale ?? (session.Locale is null ? null : _locales.BaseLocale);

    private static string Truncate(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Expired {Count} idle sessions.")]
        public static partial void SessionsExpired(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Memory pressure: evicted {Count} idle sessions (kept by the store: {Kept}).")]
        public static partial void SessionsEvicted(ILogger logger, int count, bool kept);

        [LoggerMessage(3, LogLevel.Error, "A session store call ({Operation}) failed after the resilience pipeline gave up.")]
        public static partial void StoreCallFailed(ILogger logger, Exception exception, string operation);
    }
}
