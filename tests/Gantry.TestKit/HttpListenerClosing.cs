using System.Net;

namespace Gantry.TestKit;

/// <summary>Stopping a test's <see cref="HttpListener"/> without failing the test that used it.</summary>
public static class HttpListenerClosing
{
    /// <summary>
    /// Closes the listener. On Linux, .NET's managed listener looks its endpoint up again while removing its prefix and
    /// may try to bind the port anew; when another test has taken the port meanwhile that throws "Address already in
    /// use", though the listener is closed either way.
    /// </summary>
    public static void CloseQuietly(this HttpListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Closed anyway; see the summary.
        }
    }
}
