using Microsoft.Extensions.Options;

namespace GameBook.Workers;

/// <summary>Source-generated validator of <see cref="WorkerPoolOptions"/> (ranges, Min &lt;= Max, time spans).</summary>
[OptionsValidator]
internal sealed partial class WorkerPoolOptionsValidator : IValidateOptions<WorkerPoolOptions>;
