using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Alerts;

/// <summary>Source-generated validator of <see cref="WebhookAlertSinkOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class WebhookAlertSinkOptionsValidator : IValidateOptions<WebhookAlertSinkOptions>;
