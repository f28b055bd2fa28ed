using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gantry.TestKit;

/// <summary>
/// Free loopback ports for the servers tests start. They are drawn outside the kernel's ephemeral range
/// (<c>ip_local_port_range</c>): a port the kernel hands out with port 0 is free only until the next outgoing
/// connection, which may take it before the server binds ("address already in use"). Outgoing connections never
/// land outside that range, and this process never hands out the same port twice.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private const int Highest = 65_535;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    private static readonly ConcurrentDictionary<int, bool> Given = new();
    private static readonly (int First, int Last) Ephemeral = ReadEphemeralRange();

    /// <summary>A port nothing listens on now, and none of this process's other servers will be given.</summary>
    public static int Free()
    {
        var candidates = (Ephemeral.First - Lowest) + (Highest - Ephemeral.Last);
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var pick = Random.Shared.Next(candidates);
            var port = pick < Ephemeral.First - Lowest ? Lowest + pick : Ephemeral.Last + 1 + pick - (Ephemeral.First - Lowest);
            if (Given.TryAdd(port, true) && IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {Highest} outside the ephemeral range {Ephemeral.First}-{Ephemeral.Last}");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The range from the kernel, or Linux's default where it cannot be read; clamped so that ports remain on either side.</summary>
    private static (int First, int Last) ReadEphemeralRange()
    {
        var (first, last) = (32_768, 60_999);
        if (File.Exists(EphemeralRangeFile)
            && File.ReadAllText(EphemeralRangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var a, var b]
            && int.TryParse(a, out var f) && int.TryParse(b, out var l) && f <= l)
        {
            (first, last) = (f, l);
        }

        return (Math.Clamp(first, Lowest + 1_000, Highest), Math.Clamp(last, Lowest + 1_000, Highest - 1));
    }
}
