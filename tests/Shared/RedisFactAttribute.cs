namespace GameBook.Testing;

/// <summary>A fact skipped, saying why, when redis-server is not installed.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RedisServer.SkipReason;
    }
}
