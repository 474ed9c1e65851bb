using GameBook.Library;

namespace GameBook.Hosting;

/// <summary>
/// The host's registrations of functions and commands, collected from <see cref="Microsoft.Extensions.DependencyInjection.GameBookBuilderExtensions"/>.
/// Each compilation builds a fresh <see cref="FunctionLibrary"/> from them, so no library is shared or changed
/// after it was handed to the compiler.
/// </summary>
internal sealed class GameBookLibraryOptions
{
    public List<Action<FunctionLibrary>> Configurations { get; } = [];

    public FunctionLibrary CreateLibrary()
    {
        var library = new FunctionLibrary();
        foreach (var configure in Configurations)
        {
            configure(library);
        }

        return library;
    }
}
