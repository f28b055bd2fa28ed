namespace Gantry.Server.Security;

/// <summary>Who is calling and which account the request acts on (<c>x-anchore-account</c>, or the user's own).</summary>
public sealed record Caller(string Username, string UserAccount, bool IsAdmin, string Account);

public static class CallerExtensions
{
    private const string Key = "gantry.caller";

    public static Caller Caller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (Caller)context.Items[Key]!;
    }

    internal static void SetCaller(this HttpContext context, Caller caller) => context.Items[Key] = caller;
}
