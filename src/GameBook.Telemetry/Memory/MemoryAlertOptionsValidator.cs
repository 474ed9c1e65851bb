using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Memory;

/// <summary>Source-generated validator of <see cref="MemoryAlertOptions"/> (ranges and threshold order).</summary>
[OptionsValidator]
internal sealed partial class MemoryAlertOptionsValidator : IValidateOptions<MemoryAlertOptions>;
