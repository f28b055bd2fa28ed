namespace Gantry.Server.Tests.Support;

/// <summary>Waits for a condition with a bounded timeout instead of sleeping a fixed time.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
