using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Dashboard;

/// <summary>Source-generated validator of <see cref="DashboardOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class DashboardOptionsValidator : IValidateOptions<DashboardOptions>;
