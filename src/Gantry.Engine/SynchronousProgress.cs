namespace Gantry.Engine;

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to a sync context).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
