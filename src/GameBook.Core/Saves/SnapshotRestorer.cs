using GameBook.Compiled;
using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>
/// Turns a snapshot into a session after checking it against the story. A snapshot taken from the same
/// story object skips the checks (it cannot be wrong); anything else is validated field by field, and a
/// changed story is accepted only where every node on the saved call stack is unchanged (same content hash).
/// </summary>
internal static class SnapshotRestorer
{
    public static RestoreResult Restore(Story story, SessionSnapshot snapshot, SessionOptions options)
    {
        var state = TryBuild(story, snapshot, out var error, out var positionLost);
        if (state is not null)
        {
            return Success(story, snapshot, options, state, migrated: false);
        }

        if (!positionLost || options.SaveMigrator is not { } migrator)
        {
            return new RestoreResult(null, error, false);
        }

        SessionSnapshot? migratedSnapshot;
        try
        {
            migratedSnapshot = migrator.Migrate(snapshot, story, error!);
        }
        catch (Exception ex)
        {
            return new RestoreResult(null, $"{error} The save migrator failed: {ex.Message}", false);
        }

        if (migratedSnapshot is null)
        {
            return new RestoreResult(null, $"{error} The save migrator could not migrate it.", false);
        }

        state = TryBuild(story, migratedSnapshot, out var migratedError, out _);
        return state is null
            ? new RestoreResult(null, $"{error} After migration: {migratedError}", false)
            : Success(story, migratedSnapshot, options, state, migrated: true);
    }

    private static RestoreResult Success(Story story, SessionSnapshot snapshot, SessionOptions options, RestoredState state, bool migrated)
    {
        var r = snapshot.Random;
        var session = new StorySession(story, options, new SessionRandom(r[0], r[1], r[2], r[3]), -1);
        try
        {
            session.Load(state);
        }
        catch (StoryFault fault)
        {
            // Composing the pending options runs host code (plural rules) that may fail.
            session.Dispose();
            return new RestoreResult(null, $"The save could not be resumed: {fault.Message}", false);
        }

        return new RestoreResult(session, null, migrated);
    }

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;

    /// <summary>
    /// Whether a frame can be at <paramref name="pc"/>: the start of a node, just after a line, command or option set
    /// (the innermost frame), at an option's destination (chosen, not yet run), or just after a detour (outer frames).
    /// </summary>
    private static bool IsResumePoint(Story story, int node, int pc, bool innermost, SessionState state)
    {
        var code = story.NodeCode[node];
        var previous = pc > 0 && pc <= code.Length ? code[pc - 1].Op : (OpCode?)null;
        if (!innermost)
        {
            return previous is OpCode.DetourToNode or OpCode.DetourToNodeDynamic;
        }

        if (state == SessionState.AwaitingChoice)
        {
            return previous == OpCode.ShowOptions;
        }

        if (pc == 0 || previous is OpCode.RunLine or OpCode.RunCommand or OpCode.ShowOptions)
        {
            return true;
        }

        foreach (var ins in code)
        {
            if (ins.Op == OpCode.AddOption && ins.C == pc)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether node <paramref name="node"/> offers line <paramref name="line"/> going to <paramref name="destination"/> (null: no), and if so whether it has a condition.</summary>
    private static bool? FindOption(Story story, int node, int line, int destination)
    {
        foreach (var ins in story.NodeCode[node])
        {
            if (ins.Op == OpCode.AddOption && ins.A == line && ins.C == destination)
            {
                return (ins.B & (int)OptionFlags.HasCondition) != 0;
            }
        }

        return null;
    }

    private static RestoredState? TryBuild(Story story, SessionSnapshot snapshot, out string? error, out bool positionLost)
    {
        error = null;
        positionLost = false;
        var program = story.Program;
        var trusted = ReferenceEquals(snapshot.Source, story);
        var sameStory = snapshot.Fingerprint == story.Fingerprint;
        if (snapshot.FormatVersion != SessionSnapshot.CurrentFormatVersion)
        {
            error = $"The save has format version {snapshot.FormatVersion}; this version reads {SessionSnapshot.CurrentFormatVersion}.";
            return null;
        }

        if (snapshot.Random.Length != 4)
        {
            error = "The save's random generator state is invalid.";
            return null;
        }

        if (!sameStory && snapshot.State == SessionState.Ended)
        {
            // A running save is tied to its story by node names and hashes; a finished one has only its fingerprint.
            error = $"The save is of a finished session of another story, or of another version of this one (fingerprint {Short(snapshot.Fingerprint)}, this story {Short(story.Fingerprint)}): there is nothing to resume here.";
            return null;
        }

        // Variables: by slot when the save came from this very story, else by name and type.
        StoryValue[] variables;
        if (trusted)
        {
            variables = (StoryValue[])snapshot.VariableValues.Clone();
        }
        else
        {
            variables = (StoryValue[])story.InitialValues.Clone();
            var present = new bool[variables.Length];
            var visitSlots = story.VisitCountSlots;
            for (var i = 0; i < snapshot.VariableNames.Length; i++)
            {
                var name = snapshot.VariableNames[i];
                var value = snapshot.VariableValues[i];
                var slot = story.VariableIndex(name);
                if (slot < 0)
                {
                    if (sameStory)
                    {
                        error = $"The save has a variable {name} that the story does not declare.";
                        return null;
                    }

                    continue; // Removed from the edited story: nothing refers to it any more.
                }

                var declared = program.Variables[slot];
                if (declared.IsSmart)
                {
                    continue;
                }

                if (declared.Type.Name != snapshot.VariableTypes[i] || value.Kind != declared.Type.Kind)
                {
                    error = $"The saved variable {name} is a {snapshot.VariableTypes[i]} ({value.Kind}) but the story declares it as {declared.Type.Name}.";
                    return null;
                }

                if (visitSlots[slot] && !(value.RawNumber >= 0 && value.RawNumber <= int.MaxValue && Math.Truncate(value.RawNumber) == value.RawNumber))
                {
                    error = $"The saved visit count {name} must be a whole number of at least 0.";
                    return null;
                }

                variables[slot] = value;
                present[slot] = true;
            }

            // The same story saves every variable it has: a save that lacks one was edited, and would resume with
            // initial values instead of the player's. (An edited story may add variables: they start initial.)
            if (sameStory)
            {
                for (var slot = 0; slot < present.Length; slot++)
                {
                    if (!present[slot] && !program.Variables[slot].IsSmart)
                    {
                        error = $"The save has no value for the variable {program.Variables[slot].Name}: it was edited or damaged.";
                        return null;
                    }
                }
            }
        }

        var frames = new StorySession.Frame[snapshot.Frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            var saved = snapshot.Frames[i];
            var node = story.NodeByUniqueName(saved.Node);
            if (node < 0)
            {
                error = $"The save is in node '{saved.Node}', which the story no longer has.";
                positionLost = true;
                return null;
            }

            if (!trusted && saved.Hash is not null && saved.Hash != story.NodeHash(node))
            {
                error = $"The save is in node '{saved.Node}', which has changed since the save; its position there no longer exists.";
                positionLost = true;
                return null;
            }

            if (saved.Pc > program.Nodes[node].Instructions.Length)
            {
                error = $"The saved position {saved.Pc} is outside node '{saved.Node}'.";
                return null;
            }

            if (!trusted && snapshot.State != SessionState.Faulted && !IsResumePoint(story, node, saved.Pc, i == frames.Length - 1, snapshot.State))
            {
                error = $"The saved position {saved.Pc} in node '{saved.Node}' is not a place a session can stop: the save was edited or damaged.";
                return null;
            }

            frames[i] = new StorySession.Frame(node, saved.Pc);
        }

        if (snapshot.State == SessionState.AwaitingChoice && (frames.Length == 0 || snapshot.Options.Length == 0))
        {
            error = "The save awaits a choice but has no pending options or no position.";
            return null;
        }

        var options = new (int, int, bool, StoryValue[])[snapshot.State == SessionState.AwaitingChoice ? snapshot.Options.Length : 0];
        for (var i = 0; i < options.Length; i++)
        {
            var saved = snapshot.Options[i];
            var line = story.LineById(saved.Line);
            var topLength = program.Nodes[frames[^1].Node].Instructions.Length;
            if (line < 0 || program.Lines[line].SubstitutionCount != saved.Values.Length || saved.Destination > topLength)
            {
                error = $"The saved option {i} ({saved.Line}) does not match the story.";
                return null;
            }

            if (!trusted)
            {
                var conditional = FindOption(story, frames[^1].Node, line, saved.Destination);
                if (conditional is null)
                {
                    error = $"The saved option {i} ({saved.Line}) is not an option of node '{program.Nodes[frames[^1].Node].UniqueName}' with that destination: the save was edited or damaged.";
                    return null;
                }

                if (conditional == false && !saved.Available)
                {
                    error = $"The saved option {i} ({saved.Line}) has no condition, so it cannot be unavailable: the save was edited or damaged.";
                    return null;
                }
            }

            options[i] = (line, saved.Destination, saved.Available, saved.Values);
        }

        int[]? views = null;
        foreach (var (id, count) in snapshot.Views)
        {
            var content = story.SaliencyById(id);
            if (content < 0 || count < 0)
            {
                if (sameStory || count < 0)
                {
                    error = $"The saved view count for '{id}' does not match the story.";
                    return null;
                }

                continue;
            }

            views ??= new int[program.SaliencyContent.Length];
            views[content] = count;
        }

        foreach (var (item, count) in snapshot.Items)
        {
            if (item is null || count < 0)
            {
                error = "The saved inventory has a negative count.";
                return null;
            }
        }

        if (snapshot.Stack.Length > 4096)
        {
            error = "The saved value stack is too large.";
            return null;
        }

        return new RestoredState
        {
            State = snapshot.State,
            Variables = variables,
            Frames = frames,
            Stack = snapshot.Stack,
            Options = options,
            Views = views,
            Items = snapshot.Items,
            Error = snapshot.State == SessionState.Faulted
                ? new StoryError(snapshot.ErrorKind, snapshot.ErrorMessage ?? "The saved session had failed.", null, 0, null, null)
                : null,
        };
    }
}
