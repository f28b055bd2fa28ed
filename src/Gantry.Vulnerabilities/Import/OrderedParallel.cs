using System.Runtime.ExceptionServices;

namespace Gantry.Vulnerabilities.Import;

/// <summary>
/// Parses feed files on every core but hands the results back in input order on the calling thread, so the one
/// SQLite writer behind an <see cref="IImportSink"/> sees exactly the sequence a one-file-at-a-time import would.
/// </summary>
internal static class OrderedParallel
{
    public static IEnumerable<TResult> Select<TItem, TResult>(IEnumerable<TItem> items, Func<TItem, TResult> parse, CancellationToken cancellationToken)
    {
        using var results = items.AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(parse).GetEnumerator();
        while (true)
        {
            var more = false;
            try
            {
                more = results.MoveNext();
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
            {
                // Callers handle the exception a sequential import would throw (IOException…), not PLINQ's wrapper.
                ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            }

            if (!more)
            {
                yield break;
            }

            yield return results.Current;
        }
    }
}
