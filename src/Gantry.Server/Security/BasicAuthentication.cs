using System.Net.Http.Headers;
using System.Text;
using Gantry.Server.Accounts;
using Gantry.Server.Api;
using Gantry.Server.Storage;

namespace Gantry.Server.Security;

/// <summary>
/// HTTP Basic on every route but the open ones (SERVICE.md §0). A missing or wrong credential gets 401
/// <c>Unauthorized</c> with the <c>WWW-Authenticate</c> challenge, which clients built on a credentials provider (the
/// Jenkins plugin) wait for before they send credentials. <c>x-anchore-account</c> names the account to act on.
/// </summary>
public sealed class BasicAuthentication(RequestDelegate next, AccountService accounts, IStateStore store)
{
    public const string AccountHeader = "x-anchore-account";

    private static readonly HashSet<string> OpenPaths = new(StringComparer.OrdinalIgnoreCase) { "/v1", "/v1/health", "/v1/version", "/v1/swagger.json", "/metrics" };

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The web UI signs its users in with the same accounts through its own session cookie (Ui/UiSession.cs).
        if (OpenPaths.Contains(context.Request.Path.Value ?? string.Empty) || Ui.UiPaths.Owns(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (ReadCredentials(context.Request) is not var (username, password) || accounts.Authenticate(username, password) is not { } user)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "basic realm=\"Authentication required\"";
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Unauthorized", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var isAdmin = store.GetAccount(user.Account)?.Type == AccountService.AdminType;
        var acting = context.Request.Headers[AccountHeader].ToString();
        if (acting.Length > 0 && acting != user.Account)
        {
            if (!isAdmin)
            {
                throw ApiException.Forbidden($"user {user.Username} may not act on account {acting}");
            }

            if (store.GetAccount(acting) is null)
            {
                throw ApiException.Forbidden($"account {acting} does not exist");
            }
        }

        context.SetCaller(new Caller(user.Username, user.Account, isAdmin, acting.Length > 0 ? acting : user.Account));
        await next(context).ConfigureAwait(false);
    }

    private static (string, string)? ReadCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
    }
}
