using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Portability;

/// <summary>Each run of this suite tests the GameBook.Core build it claims to, on the runtime it claims to.</summary>
public class TargetFrameworkTests
{
    [Fact]
    public void SuiteRun_UsesTheCoreBuildAndRuntimeOfItsTargetFramework()
    {
        var core = typeof(Story).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
#if NET10_0
        Assert.Equal(".NETCoreApp,Version=v10.0", core);
        Assert.StartsWith(".NET 10.", RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
#elif NET8_0
        Assert.Equal(".NETCoreApp,Version=v8.0", core);
        Assert.StartsWith(".NET 8.", RuntimeInformation.FrameworkDescription, StringComparison.Ordinal);
#else
        Assert.Fail($"Unexpected target framework for the test suite (GameBook.Core build {core}).");
#endif
    }
}
