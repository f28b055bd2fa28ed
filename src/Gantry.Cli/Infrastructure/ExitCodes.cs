namespace Gantry.Cli.Infrastructure;

/// <summary>The CLI's exit codes (ARCHITECTURE.md, README "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Success; the gate passed (GO or WARN).</summary>
    public const int Success = 0;

    /// <summary>The gate failed: policy STOP, or findings at or above --fail-on.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad usage or bad input (unreadable image, invalid policy, bad arguments).</summary>
    public const int InvalidInput = 2;

    /// <summary>Environment failure (registry unreachable or unauthorized, DB missing or too old).</summary>
    public const int Environment = 3;

    /// <summary>An unexpected internal error: a bug in Gantry, reported in one line.</summary>
    public const int InternalError = 4;

    /// <summary>Interrupted by the user (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
