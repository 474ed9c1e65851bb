namespace GameBook.Orleans.Sessions;

/// <summary>
/// A session grain could not persist a change through grain storage (Redis down, a write conflict with a newer copy):
/// the call was not acknowledged, and the grain reloads its last persisted state on the next call. Retry the call
/// with the version you passed: a change that did reach storage is answered again, never applied twice.
/// </summary>
[GenerateSerializer, Alias("GameBook.Orleans.SessionStorageException")]
public sealed class SessionStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionStorageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SessionStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the storage provider's exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The storage provider's exception.</param>
    public SessionStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
