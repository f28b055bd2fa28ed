namespace Gantry.Core;

/// <summary>
/// A fatal condition the user must act on. The CLI maps the kind to its exit code and prints the
/// message as one line; messages name the input and what is wrong, never a secret.
/// </summary>
public class GantryException : Exception
{
    public GantryException(GantryErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    public GantryErrorKind Kind { get; }
}

public enum GantryErrorKind
{
    /// <summary>Bad usage or bad input: unreadable image, invalid policy, wrong digest (exit 2).</summary>
    InvalidInput,

    /// <summary>The environment failed: registry unreachable or unauthorized, DB missing or stale (exit 3).</summary>
    Environment,
}

/// <summary>Bad input (exit code 2).</summary>
public sealed class InvalidInputException(string message, Exception? inner = null)
    : GantryException(GantryErrorKind.InvalidInput, message, inner);

/// <summary>An environment failure (exit code 3).</summary>
public sealed class EnvironmentException(string message, Exception? inner = null)
    : GantryException(GantryErrorKind.Environment, message, inner);
