using System.Globalization;
using Gantry.Core;
using Gantry.Vulnerabilities.Store;

namespace Gantry.Engine.Scanning;

/// <summary>Refuses a database too old to trust: a scan against stale data reports a clean image that is not.</summary>
public static class DatabaseFreshness
{
    public static void Check(DatabaseMetadata metadata, TimeSpan maxAge, bool allowStale, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (allowStale)
        {
            return;
        }

        var age = metadata.Age(now);
        if (age is null)
        {
            throw new EnvironmentException($"vulnerability database {metadata.Path} has no build time; run 'gantry db update' or pass --allow-stale");
        }

        if (age > maxAge)
        {
            throw new EnvironmentException(
                $"vulnerability database {metadata.Path} was built {Days(age.Value)} days ago, more than --db-max-age {Days(maxAge)} days; run 'gantry db update' or pass --allow-stale");
        }
    }

    private static string Days(TimeSpan span) => span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture);
}
