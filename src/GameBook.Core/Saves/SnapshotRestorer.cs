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
        var state = TryBuild(story, snapshot, out var error, out var migratable);
        if (state is not null)
        {
            return Success(story, snapshot, options, state, migrated: false);
        }

        if (!migratable || options.SaveMigrator is not { } migrator)
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
    private static bool IsResumePoint(Story story, int node, int pc, int next, SessionState state)
    {
        var code = story.NodeCode[node];
        var previous = pc > 0 && pc <= code.Length ? code[pc - 1].Op : (OpCode?)null;
        if (next >= 0)
        {
            // An outer frame sits just after the detour that entered the next frame's node (or its node group).
            return previous == OpCode.DetourToNodeDynamic
                || (previous == OpCode.DetourToNode && (code[pc - 1].A == next || EntersInPlace(story, code[pc - 1].A, next)));
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

    /// <summary>Whether node <paramref name="dispatcher"/> (a node group's) enters <paramref name="member"/> in place.</summary>
    private static bool EntersInPlace(Story story, int dispatcher, int member)
    {
        if ((uint)dispatcher >= (uint)story.NodeCode.Length)
        {
            return false;
        }

        foreach (var ins in story.NodeCode[dispatcher])
        {
            if (ins.Op == OpCode.EnterNodeInPlace && ins.A == member)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The options node <paramref name="node"/> offers when it stops at the <see cref="OpCode.ShowOptions"/> just before
    /// <paramref name="pc"/>, evaluated from <paramref name="variables"/>: the option set's code (substitutions, once flags
    /// and conditions, then <see cref="OpCode.AddOption"/> per option) is straight-line, so it is found by walking back from
    /// ShowOptions by stack effect (<see cref="OptionCodeStart"/>) and evaluated here. Null when that code calls a function
    /// or reads a smart variable (the restored session evaluates it then: <see cref="StorySession.RecomputeOptionSet"/>), or
    /// is not straight-line.
    /// </summary>
    private static List<(int Line, int Destination, bool Available, StoryValue[] Values)>? RecomputeOptions(Story story, int node, int pc, StoryValue[] variables)
    {
        var start = OptionCodeStart(story, node, pc);
        return start < 0 || !IsPure(story, node, start, pc - 1) ? null : EvaluatePure(story, node, start, pc - 1, variables);
    }

    /// <summary>The first instruction of the option set that ends at the ShowOptions just before <paramref name="pc"/>, or -1 when its code is not straight-line.</summary>
    private static int OptionCodeStart(Story story, int node, int pc)
    {
        var code = story.NodeCode[node];
        var p = pc - 2;
        if (p < 0 || pc > code.Length || code[pc - 1].Op != OpCode.ShowOptions || code[p].Op != OpCode.AddOption)
        {
            return -1;
        }

        while (true)
        {
            var need = story.LineSubstitutionCounts[code[p].A] + ((code[p].B & (int)OptionFlags.HasCondition) != 0 ? 1 : 0);
            var q = p - 1;
            while (need > 0)
            {
                if (q < 0 || Effect(code[q]) is not var (pops, pushes) || pushes == 0)
                {
                    return -1;
                }

                need += pops - pushes;
                q--;
            }

            if (need < 0)
            {
                return -1;
            }

            if (q >= 0 && code[q].Op == OpCode.AddOption)
            {
                p = q;
                continue;
            }

            return q + 1;
        }
    }

    /// <summary>Whether option-set code calls no function and reads no smart variable, so it can be evaluated without a session.</summary>
    private static bool IsPure(Story story, int node, int start, int end)
    {
        var code = story.NodeCode[node];
        for (var i = start; i < end; i++)
        {
            if (code[i].Op == OpCode.CallFunction || (code[i].Op == OpCode.LoadVariable && story.SmartSlots[code[i].A]))
            {
                return false;
            }
        }

        return true;
    }

    private static List<(int Line, int Destination, bool Available, StoryValue[] Values)>? EvaluatePure(Story story, int node, int start, int end, StoryValue[] variables)
    {
        var code = story.NodeCode[node];
        var program = story.Program;
        var pc = end + 1;
        var stack = new Stack<StoryValue>();
        var options = new List<(int, int, bool, StoryValue[])>();
        for (var i = start; i < pc - 1; i++)
        {
            var ins = code[i];
            StoryValue b;
            switch (ins.Op)
            {
                case OpCode.PushNumber:
                    stack.Push(StoryValue.FromNumber(program.Numbers[ins.A]));
                    break;
                case OpCode.PushString:
                    stack.Push(StoryValue.FromString(program.Strings[ins.A]));
                    break;
                case OpCode.PushBool:
                    stack.Push(StoryValue.FromBool(ins.A != 0));
                    break;
                case OpCode.LoadVariable:
                    if ((uint)ins.A >= (uint)variables.Length || program.Variables[ins.A].IsSmart)
                    {
                        return null;
                    }

                    stack.Push(variables[ins.A]);
                    break;
                case OpCode.Negate:
                    stack.Push(StoryValue.FromNumber(-stack.Pop().RawNumber));
                    break;
                case OpCode.Not:
                    stack.Push(StoryValue.FromBool(!stack.Pop().RawBool));
                    break;
                case OpCode.AddOption:
                    var available = (ins.B & (int)OptionFlags.HasCondition) == 0 || stack.Pop().RawBool;
                    var values = new StoryValue[story.LineSubstitutionCounts[ins.A]];
                    for (var k = values.Length - 1; k >= 0; k--)
                    {
                        values[k] = stack.Pop();
                    }

                    options.Add((ins.A, ins.C, available, values));
                    break;
                default:
                    b = stack.Pop();
                    var a = stack.Pop();
                    stack.Push(ins.Op switch
                    {
                        OpCode.Add => StoryValue.FromNumber(a.RawNumber + b.RawNumber),
                        OpCode.Subtract => StoryValue.FromNumber(a.RawNumber - b.RawNumber),
                        OpCode.Multiply => StoryValue.FromNumber(a.RawNumber * b.RawNumber),
                        OpCode.Divide => StoryValue.FromNumber(a.RawNumber / b.RawNumber),
                        OpCode.Modulo => StoryValue.FromNumber(a.RawNumber % b.RawNumber),
                        OpCode.Concat => StoryValue.FromString(string.Concat(a.RawString, b.RawString)),
                        OpCode.Equal => StoryValue.FromBool(a.Equals(b)),
                        OpCode.NotEqual => StoryValue.FromBool(!a.Equals(b)),
                        OpCode.Less => StoryValue.FromBool(a.RawNumber < b.RawNumber),
                        OpCode.LessOrEqual => StoryValue.FromBool(a.RawNumber <= b.RawNumber),
                        OpCode.Greater => StoryValue.FromBool(a.RawNumber > b.RawNumber),
                        OpCode.GreaterOrEqual => StoryValue.FromBool(a.RawNumber >= b.RawNumber),
                        OpCode.And => StoryValue.FromBool(a.RawBool & b.RawBool),
                        OpCode.Or => StoryValue.FromBool(a.RawBool | b.RawBool),
                        _ => StoryValue.FromBool(a.RawBool ^ b.RawBool),
                    });
                    break;
            }
        }

        return stack.Count == 0 ? options : null;
    }

    /// <summary>Values popped and pushed by an instruction an option set's code may contain; null for any other.</summary>
    private static (int Pops, int Pushes)? Effect(in Instruction ins) => ins.Op switch
    {
        OpCode.CallFunction => (ins.B, 1),
        OpCode.PushNumber or OpCode.PushString or OpCode.PushBool or OpCode.LoadVariable => (0, 1),
        OpCode.Negate or OpCode.Not => (1, 1),
        OpCode.Add or OpCode.Subtract or OpCode.Multiply or OpCode.Divide or OpCode.Modulo or OpCode.Concat
            or OpCode.Equal or OpCode.NotEqual or OpCode.Less or OpCode.LessOrEqual or OpCode.Greater or OpCode.GreaterOrEqual
            or OpCode.And or OpCode.Or or OpCode.Xor => (2, 1),
        _ => null,
    };

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

    private const string InternalPrefix = "$Yarn.Internal.";
    private const string OncePrefix = "$Yarn.Internal.Once.";
    private const string VisitsPrefix = "$Yarn.Internal.Visits.";

    /// <summary>
    /// Format versions 1 and 2 named lines and once blocks by position, so their names mean something only in the exact
    /// story they were saved from: such a save is translated to today's names through that story's legacy names, and
    /// refused for any other story (its once flags could silently attach to other content).
    /// </summary>
    private static SessionSnapshot? Upgrade(Story story, SessionSnapshot snapshot, out string? error)
    {
        error = null;
        if (snapshot.Fingerprint != story.Fingerprint)
        {
            error = $"The save was written in format version {snapshot.FormatVersion}, which named lines and once blocks by their position, so it can be resumed only in the story version it was saved from (fingerprint {Short(snapshot.Fingerprint)}; this story is {Short(story.Fingerprint)}). Resume it there and save again to upgrade it.";
            return null;
        }

        var legacy = story.LegacyNames;
        string Map(char kind, string name) => legacy.TryGetValue(kind + name, out var current) ? current : name;
        var frames = new SavedFrame[snapshot.Frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            var f = snapshot.Frames[i];
            var name = story.PositionalNames.FromPositional(f.Node);
            var node = story.NodeByUniqueName(name);
            frames[i] = node >= 0 && f.Hash is not null && f.Hash == story.LegacyNodeHash(node) ? f with { Node = name, Hash = story.NodeHash(node) } : f with { Node = name };
        }

        var upgraded = new SessionSnapshot
        {
            FormatVersion = SessionSnapshot.CurrentFormatVersion,
            Fingerprint = snapshot.Fingerprint,
            Content = story.ContentHash,
            State = snapshot.State,
            VariableNames = [.. snapshot.VariableNames.Select(n => Map('v', n))],
            VariableTypes = snapshot.VariableTypes,
            VariableValues = snapshot.VariableValues,
            Frames = frames,
            Stack = snapshot.Stack,
            Options = [.. snapshot.Options.Select(o => o with { Line = Map('l', o.Line) })],
            Random = snapshot.Random,
            Views = [.. snapshot.Views.Select(v => new KeyValuePair<string, int>(Map('s', v.Key), v.Value))],
            Items = snapshot.Items,
            ErrorKind = snapshot.ErrorKind,
            ErrorMessage = snapshot.ErrorMessage,
        };

        // Same story: raw enum values still mean what they meant.
        return new SessionSnapshot
        {
            FormatVersion = upgraded.FormatVersion,
            Fingerprint = upgraded.Fingerprint,
            Content = upgraded.Content,
            State = upgraded.State,
            VariableNames = upgraded.VariableNames,
            VariableTypes = upgraded.VariableTypes,
            VariableValues = upgraded.VariableValues,
            VariableCases = upgraded.CasesFrom(story),
            Frames = upgraded.Frames,
            Stack = upgraded.Stack,
            Options = upgraded.Options,
            Random = upgraded.Random,
            Views = upgraded.Views,
            Items = upgraded.Items,
            ErrorKind = upgraded.ErrorKind,
            ErrorMessage = upgraded.ErrorMessage,
        };
    }

    /// <summary>
    /// Format version 3 named node-group members without <c>subtitle:</c> by their position (<c>Guard#2</c>), everything else
    /// as today. In the story it was saved from (same fingerprint or version-3 content hash) such a save is translated to
    /// today's content-based member names; a save that names no member by position is today's format already; any other
    /// is refused, since a positional name could silently attach seen state or a position to another member.
    /// </summary>
    private static SessionSnapshot? UpgradeVersion3(Story story, SessionSnapshot snapshot, out string? error)
    {
        error = null;
        var same = snapshot.Fingerprint == story.Fingerprint || (snapshot.Content is not null && snapshot.Content == story.Version3ContentHash);
        if (!same)
        {
            if (NameByPosition(snapshot) is { } positional)
            {
                error = $"The save was written in format version 3, which named node-group members without a 'subtitle:' by their position ('{positional}'), so it can be resumed only in the story version it was saved from (fingerprint {Short(snapshot.Fingerprint)}; this story is {Short(story.Fingerprint)}). Resume it there and save again to upgrade it.";
                return null;
            }

            return Translate(snapshot, snapshot.Content, static n => n, static f => f);
        }

        var names = story.PositionalNames;
        return Translate(snapshot, story.ContentHash, names.FromPositional, f =>
        {
            var name = names.FromPositional(f.Node);
            var node = story.NodeByUniqueName(name);
            return node >= 0 && f.Hash is not null && f.Hash == story.Version3NodeHash(node) ? f with { Node = name, Hash = story.NodeHash(node) } : f with { Node = name };
        });
    }

    /// <summary>The first name in a format-3 save that names a node-group member by position, or null.</summary>
    private static string? NameByPosition(SessionSnapshot snapshot)
    {
        foreach (var f in snapshot.Frames)
        {
            if (PositionalNames.IsPositional(f.Node))
            {
                return f.Node;
            }
        }

        foreach (var name in snapshot.VariableNames)
        {
            if (name.StartsWith(InternalPrefix, StringComparison.Ordinal) && PositionalNames.IsPositional(name))
            {
                return name;
            }
        }

        foreach (var o in snapshot.Options)
        {
            if (PositionalNames.IsPositional(o.Line))
            {
                return o.Line;
            }
        }

        foreach (var v in snapshot.Views)
        {
            if (PositionalNames.IsPositional(v.Key))
            {
                return v.Key;
            }
        }

        return null;
    }

    /// <summary>A copy in today's format version with every saved name passed through <paramref name="rename"/>.</summary>
    private static SessionSnapshot Translate(SessionSnapshot snapshot, string? content, Func<string, string> rename, Func<SavedFrame, SavedFrame> frame) => new()
    {
        FormatVersion = SessionSnapshot.CurrentFormatVersion,
        Fingerprint = snapshot.Fingerprint,
        Content = content,
        State = snapshot.State,
        VariableNames = [.. snapshot.VariableNames.Select(rename)],
        VariableTypes = snapshot.VariableTypes,
        VariableValues = snapshot.VariableValues,
        VariableCases = snapshot.VariableCases,
        Frames = [.. snapshot.Frames.Select(frame)],
        Stack = snapshot.Stack,
        Options = [.. snapshot.Options.Select(o => o with { Line = rename(o.Line) })],
        Random = snapshot.Random,
        Views = [.. snapshot.Views.Select(v => new KeyValuePair<string, int>(rename(v.Key), v.Value))],
        Items = snapshot.Items,
        ErrorKind = snapshot.ErrorKind,
        ErrorMessage = snapshot.ErrorMessage,
    };

    /// <summary>How a message names node <paramref name="name"/>: a node-group member by its group and identity.</summary>
    private static string NodeDescription(string name)
    {
        var hash = name.IndexOf('#');
        return hash > 0
            ? $"the member '{name}' of node group '{name[..hash]}', which the story no longer has (its 'when:' headers or body changed, or it was removed)"
            : $"node '{name}', which the story no longer has";
    }

    /// <summary>
    /// Why a saved variable the story does not have cannot simply be dropped, or null when dropping it is harmless: it still
    /// has its initial value, or it is the state of content the story still has but no longer tracks (a once removed from
    /// a line, a visit count nothing reads). Anything else (a declared variable, or seen content that is gone: changed or
    /// removed) could be what an edited story calls by another name, so it is refused and left to the save migrator.
    /// </summary>
    private static string? UnmatchedVariable(Story story, string name, StoryValue value)
    {
        const string migrate = "Map it with an ISaveMigrator (SessionSnapshot.WithVariableRenamed, or WithoutVariable to start from the story's initial value).";
        if (!name.StartsWith(InternalPrefix, StringComparison.Ordinal))
        {
            return $"The save has the variable {name}, which the story no longer declares (removed or renamed). {migrate}";
        }

        var initial = value.Kind switch
        {
            ValueKind.Bool => !value.RawBool,
            ValueKind.Number => value.RawNumber == 0,
            _ => true,
        };
        if (initial)
        {
            return null;
        }

        if (name.StartsWith(VisitsPrefix, StringComparison.Ordinal))
        {
            var node = name[VisitsPrefix.Length..];
            if (node.Contains('#'))
            {
                return story.NodeByUniqueName(node) >= 0 ? null : $"The save has visited {NodeDescription(node)}. {migrate} ({name})";
            }

            return story.FindNode(node) >= 0 ? null : $"The save has visited node '{node}', which the story no longer has (removed or renamed). {migrate} ({name})";
        }

        if (name.StartsWith(OncePrefix, StringComparison.Ordinal))
        {
            var id = name[OncePrefix.Length..];
            if (id.StartsWith("line:", StringComparison.Ordinal))
            {
                return story.LineById(id) >= 0 ? null : $"The save has seen the once-only line {id}, which the story no longer has (its text changed, or it was removed). {migrate} ({name})";
            }

            if (id.StartsWith("block:", StringComparison.Ordinal) || id.Contains("-block-", StringComparison.Ordinal))
            {
                return $"The save has seen the once block {id}, which the story no longer has (its content changed, or it was removed). {migrate} ({name})";
            }

            if (id.Contains('#'))
            {
                return story.NodeByUniqueName(id) >= 0 ? null : $"The save has seen the once-only {NodeDescription(id)}. {migrate} ({name})";
            }

            return story.FindNode(id) >= 0 ? null : $"The save has seen the once-only node '{id}', which the story no longer has. {migrate} ({name})";
        }

        return null;
    }

    private static RestoredState? TryBuild(Story story, SessionSnapshot snapshot, out string? error, out bool migratable)
    {
        error = null;
        migratable = false;
        var program = story.Program;
        var trusted = ReferenceEquals(snapshot.Source, story);
        if (snapshot.FormatVersion is < 1 or > SessionSnapshot.CurrentFormatVersion)
        {
            error = $"The save has format version {snapshot.FormatVersion}; this version reads 1 to {SessionSnapshot.CurrentFormatVersion}.";
            return null;
        }

        if (snapshot.FormatVersion < SessionSnapshot.CurrentFormatVersion)
        {
            var upgraded = snapshot.FormatVersion == 3 ? UpgradeVersion3(story, snapshot, out error) : Upgrade(story, snapshot, out error);
            if (upgraded is null)
            {
                return null;
            }

            snapshot = upgraded;
        }

        // The same story: the same sources, or the same compiled content (files renamed, comments or layout changed).
        var sameStory = snapshot.Fingerprint == story.Fingerprint || (snapshot.Source?.ContentHash ?? snapshot.Content) == story.ContentHash;
        if (snapshot.Random.Length != 4)
        {
            error = "The save's random generator state is invalid.";
            return null;
        }

        if (!sameStory && snapshot.State == SessionState.Ended)
        {
            // A running save is tied to its story by node names and hashes; a finished one has only its fingerprint and content.
            error = $"The save is of a finished session of another story, or of another version of this one (fingerprint {Short(snapshot.Fingerprint)}, this story {Short(story.Fingerprint)}): there is nothing to resume here.";
            return null;
        }

        // Variables: by slot when the save came from this very story, else by name and type (enums by case name).
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
            var cases = snapshot.Cases();
            for (var i = 0; i < snapshot.VariableNames.Length; i++)
            {
                var name = snapshot.VariableNames[i];
                var value = snapshot.VariableValues[i];
                var caseName = i < cases.Length ? cases[i] : null;
                var slot = story.VariableIndex(name);
                if (slot < 0)
                {
                    if (sameStory)
                    {
                        error = $"The save has a variable {name} that the story does not declare.";
                        return null;
                    }

                    if (UnmatchedVariable(story, name, value) is { } problem)
                    {
                        error = problem;
                        migratable = true;
                        return null;
                    }

                    continue;
                }

                var declared = program.Variables[slot];
                if (declared.IsSmart || present[slot])
                {
                    if (present[slot])
                    {
                        error = $"The save has the variable {name} twice.";
                        return null;
                    }

                    continue;
                }

                if (declared.Type.Name != snapshot.VariableTypes[i])
                {
                    error = $"The saved variable {name} is a {snapshot.VariableTypes[i]} but the story declares it as {declared.Type.Name}.";
                    migratable = !sameStory;
                    return null;
                }

                if (declared.Type.IsEnum)
                {
                    var e = story.EnumByName(declared.Type.Name);
                    if (caseName is null || e is null)
                    {
                        error = $"The saved variable {name} ({declared.Type.Name}) has no enum case name: the save was edited or damaged.";
                        return null;
                    }

                    if (!e.TryGetRaw(caseName, out value))
                    {
                        error = $"The saved variable {name} is {declared.Type.Name}.{caseName}, a case the story's enum {declared.Type.Name} no longer has (removed or renamed). Map it with an ISaveMigrator (SessionSnapshot.WithoutVariable starts it from the story's initial value).";
                        migratable = !sameStory;
                        return null;
                    }
                }
                else if (caseName is not null || value.Kind != declared.Type.Kind)
                {
                    error = $"The saved variable {name} is a {snapshot.VariableTypes[i]} ({(caseName is null ? value.Kind.ToString() : "enum case " + caseName)}) but the story declares it as {declared.Type.Name}.";
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

        if (!trusted && snapshot.Stack.Length > 0 && snapshot.State != SessionState.Faulted)
        {
            error = "The save has values on the VM stack, which is empty wherever a compiled story can stop: the save was edited or damaged.";
            return null;
        }

        var frames = new StorySession.Frame[snapshot.Frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            var saved = snapshot.Frames[i];
            var node = story.NodeByUniqueName(saved.Node);
            if (node < 0)
            {
                error = $"The save is in {NodeDescription(saved.Node)}.";
                migratable = true;
                return null;
            }

            if (!trusted && saved.Hash is not null && saved.Hash != story.NodeHash(node))
            {
                error = sameStory
                    ? $"The save's content hash for node '{saved.Node}' is not the node's: the save was edited or damaged."
                    : $"The save is in node '{saved.Node}', which has changed since the save; its position there no longer exists.";
                migratable = !sameStory;
                return null;
            }

            if (saved.Pc > program.Nodes[node].Instructions.Length)
            {
                error = $"The saved position {saved.Pc} is outside node '{saved.Node}'.";
                return null;
            }

            var next = i == frames.Length - 1 ? -1 : story.NodeByUniqueName(snapshot.Frames[i + 1].Node);
            if (!trusted && snapshot.State != SessionState.Faulted && (i < frames.Length - 1 && next < 0 || !IsResumePoint(story, node, saved.Pc, next, snapshot.State)))
            {
                error = $"The saved position {saved.Pc} in node '{saved.Node}' is not a place a session can stop: the save was edited or damaged.";
                return null;
            }

            frames[i] = new StorySession.Frame(node, saved.Pc);
        }

        if (snapshot.State is SessionState.Running or SessionState.AwaitingChoice && frames.Length == 0)
        {
            error = "The save is of a running session but has no position (call stack): the save was edited or damaged.";
            return null;
        }

        // Running just past an option set means no option was available (Choose(NoOption)); else a choice was skipped.
        // Option sets whose code calls functions or reads smart variables are evaluated by the restored session (optionCode).
        (int Node, int Start, int End)? optionCode = null;
        if (!trusted && snapshot.State == SessionState.Running && frames[^1].Pc > 0
            && story.NodeCode[frames[^1].Node][frames[^1].Pc - 1].Op == OpCode.ShowOptions)
        {
            var (node, pc) = (frames[^1].Node, frames[^1].Pc);
            var start = OptionCodeStart(story, node, pc);
            if (start >= 0 && !IsPure(story, node, start, pc - 1))
            {
                optionCode = (node, start, pc - 1);
            }
            else if (RecomputeOptions(story, node, pc, variables) is { } skipped && skipped.Exists(o => o.Available))
            {
                error = $"The save continues past an option set in node '{program.Nodes[node].UniqueName}' without a choice, although an option is available: the save was edited or damaged.";
                return null;
            }
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

        // Availability and substitution values are recomputed from the restored variables rather than trusted: here, or by the
        // restored session when the code calls functions or reads smart variables.
        var optionStart = !trusted && options.Length > 0 ? OptionCodeStart(story, frames[^1].Node, frames[^1].Pc) : -1;
        if (!trusted && options.Length > 0 && optionStart < 0)
        {
            error = $"The save awaits a choice in node '{program.Nodes[frames[^1].Node].UniqueName}' at a place whose options cannot be re-evaluated: the save was edited or damaged.";
            return null;
        }

        if (optionStart >= 0 && !IsPure(story, frames[^1].Node, optionStart, frames[^1].Pc - 1))
        {
            optionCode = (frames[^1].Node, optionStart, frames[^1].Pc - 1);
        }
        else if (optionStart >= 0 && EvaluatePure(story, frames[^1].Node, optionStart, frames[^1].Pc - 1, variables) is { } offered)
        {
            var matches = offered.Count == options.Length;
            for (var i = 0; matches && i < options.Length; i++)
            {
                matches = offered[i].Line == options[i].Item1 && offered[i].Destination == options[i].Item2;
            }

            if (!matches)
            {
                error = $"The saved options are not the ones node '{program.Nodes[frames[^1].Node].UniqueName}' offers at this point: the save was edited or damaged.";
                return null;
            }

            for (var i = 0; i < options.Length; i++)
            {
                options[i] = (offered[i].Line, offered[i].Destination, offered[i].Available, offered[i].Values);
            }
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
            Stack = snapshot.State == SessionState.Faulted ? [] : snapshot.Stack,
            Options = options,
            OptionCode = optionCode,
            Views = views,
            Items = snapshot.Items,
            Error = snapshot.State == SessionState.Faulted
                ? new StoryError(snapshot.ErrorKind, snapshot.ErrorMessage ?? "The saved session had failed.", null, 0, null, null)
                : null,
        };
    }
}
