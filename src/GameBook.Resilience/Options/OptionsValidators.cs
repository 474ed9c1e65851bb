using Microsoft.Extensions.Options;

namespace GameBook.Resilience;

/// <summary>Source-generated validator of <see cref="GameBookPipelineOptions"/> (every named instance, nested parts included).</summary>
[OptionsValidator]
internal sealed partial class GameBookPipelineOptionsValidator : IValidateOptions<GameBookPipelineOptions>;

/// <summary>Source-generated validator of <see cref="GameBookResilienceOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class GameBookResilienceOptionsValidator : IValidateOptions<GameBookResilienceOptions>;
