namespace Gantry.Versioning;

/// <summary>A version or constraint string that its scheme cannot parse; the message names the string.</summary>
public sealed class VersionFormatException : FormatException
{
    public VersionFormatException(string message)
        : base(message)
    {
    }

    public VersionFormatException()
    {
    }

    public VersionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
