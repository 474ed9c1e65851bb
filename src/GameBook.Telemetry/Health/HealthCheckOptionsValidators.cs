using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Health;

/// <summary>Source-generated validator of <see cref="MemoryHealthCheckOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class MemoryHealthCheckOptionsValidator : IValidateOptions<MemoryHealthCheckOptions>;

/// <summary>Source-generated validator of <see cref="CpuHealthCheckOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class CpuHealthCheckOptionsValidator : IValidateOptions<CpuHealthCheckOptions>;
