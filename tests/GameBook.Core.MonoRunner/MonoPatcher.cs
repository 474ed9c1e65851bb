#if NET
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GameBook.Core.MonoRunner;

/// <summary>
/// Copies a netstandard2.1 output folder for Debian's Mono 6.8, whose corlib declares <c>ReadOnlySpan&lt;T&gt;</c>'s
/// indexer (and a few other read-only-reference returns) without the <c>modreq(InAttribute)</c> that the
/// netstandard 2.1 reference assembly carries, so any netstandard2.1 assembly that indexes a span fails there with
/// MissingMethodException (Unity's Mono binds them). The copy drops that modifier from the return type of member
/// references into the framework (netstandard, System.Memory, System.Runtime, mscorlib) and changes nothing else.
/// </summary>
public static class MonoPatcher
{
    private static readonly HashSet<string> FrameworkScopes = new(StringComparer.Ordinal)
    {
        "netstandard", "System.Memory", "System.Runtime", "mscorlib",
    };

    // Mono 6.8's corlib has BuffersExtensions.ToArray(ReadOnlySequence<T>) by value, System.Memory 4.5+ takes it by
    // `in` reference: the call gets the value loaded from the reference (ldobj) and the by-value overload.
    private static int PassSequencesByValue(ModuleDefinition module)
    {
        var count = 0;
        foreach (var body in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).Select(m => m.Body))
        {
            foreach (var call in body.Instructions.Where(i => i.OpCode == OpCodes.Call).ToList())
            {
                if (call.Operand is not GenericInstanceMethod { Name: "ToArray", ElementMethod: var element } generic
                    || element.DeclaringType.FullName != "System.Buffers.BuffersExtensions"
                    || element.Parameters.Count != 1
                    || element.Parameters[0].ParameterType is not ByReferenceType { ElementType: GenericInstanceType sequence })
                {
                    continue;
                }

                var byValue = new MethodReference(element.Name, element.ReturnType, element.DeclaringType) { HasThis = false };
                byValue.GenericParameters.Add(new GenericParameter(element.GenericParameters[0].Name, byValue));
                byValue.Parameters.Add(new ParameterDefinition(sequence));
                var instance = new GenericInstanceMethod(byValue);
                instance.GenericArguments.Add(generic.GenericArguments[0]);
                var concrete = new GenericInstanceType(sequence.ElementType);
                concrete.GenericArguments.Add(generic.GenericArguments[0]);
                body.GetILProcessor().InsertBefore(call, Instruction.Create(OpCodes.Ldobj, concrete));
                call.Operand = instance;
                count++;
            }
        }

        return count;
    }

    /// <summary>Lists the framework methods that <paramref name="folder"/>'s assemblies call and that the Mono class
    /// libraries in <paramref name="monoDirectory"/> do not define with the same signature.</summary>
    public static IEnumerable<string> Unresolved(string folder, string monoDirectory)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(monoDirectory);
        resolver.AddSearchDirectory(Path.Combine(monoDirectory, "Facades"));
        resolver.AddSearchDirectory(folder);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll"))
        {
            using var module = ModuleDefinition.ReadModule(file, new ReaderParameters { AssemblyResolver = resolver });
            var calls = module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody)
                .SelectMany(m => m.Body.Instructions).Select(i => i.Operand).OfType<MethodReference>();
            foreach (var method in calls)
            {
                if (method is MethodDefinition || method.DeclaringType.Scope is not AssemblyNameReference scope || !FrameworkScopes.Contains(scope.Name))
                {
                    continue;
                }

                MethodDefinition? resolved;
                try
                {
                    resolved = method.Resolve();
                }
                catch (AssemblyResolutionException)
                {
                    resolved = null;
                }

                if (resolved is null && seen.Add(method.FullName))
                {
                    yield return Path.GetFileName(file) + ": " + method.FullName;
                }
            }
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, patching every assembly; returns
    /// how many member references were rewritten.</summary>
    public static int Patch(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        var rewritten = 0;
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(source);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(file));
            if (!file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            {
                File.Copy(file, target, overwrite: true);
                continue;
            }

            using var module = ModuleDefinition.ReadModule(file, new ReaderParameters { AssemblyResolver = resolver, InMemory = true });
            var count = 0;
            var calls = module.GetTypes()
                .SelectMany(t => t.Methods)
                .Where(m => m.HasBody)
                .SelectMany(m => m.Body.Instructions)
                .Select(i => i.Operand)
                .OfType<MethodReference>();
            foreach (var method in module.GetMemberReferences().OfType<MethodReference>().Concat(calls))
            {
                if (method is not MethodDefinition
                    && method.ReturnType is RequiredModifierType { ModifierType.FullName: "System.Runtime.InteropServices.InAttribute" } modified
                    && method.DeclaringType.Scope is AssemblyNameReference scope
                    && FrameworkScopes.Contains(scope.Name))
                {
                    method.ReturnType = modified.ElementType;
                    count++;
                }
            }

            count += PassSequencesByValue(module);
            if (count == 0)
            {
                File.Copy(file, target, overwrite: true);
                continue;
            }

            module.Write(target);
            rewritten += count;
        }

        return rewritten;
    }
}
#endif
