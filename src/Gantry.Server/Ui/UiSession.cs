using System.Security.Claims;
using Gantry.Server.Accounts;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Gantry.Server.Ui;

/// <summary>
/// The browser session: a signed cookie naming the user and the account it acts on, issued after the service's own
/// credential check (<see cref="AccountService.Authenticate"/>, the one HTTP Basic uses). Every request re-reads the
/// user and account from the store, so a deleted user or a disabled account loses its session at once.
/// </summary>
public sealed class UiSession(AccountService accounts, IStateStore store, IAntiforgery antiforgery)
{
    public const string Scheme = "gantry-ui";

    private const string ActingClaim = "gantry:acting-account";

    /// <summary>Signs the user in; false when the user name or password is wrong (the page does not say which).</summary>
    public async Task<bool> SignInAsync(HttpContext http, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (accounts.Authenticate(username, password) is not { } user)
        {
            return false;
        }

        await IssueAsync(http, user.Username, user.Account).ConfigureAwait(false);
        return true;
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>The signed-in caller, or null when there is no valid session (the page then redirects to the login).</summary>
    public async Task<Caller?> CallerAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var result = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        if (!result.Succeeded || result.Principal.Identity?.Name is not { } username || store.GetUser(username) is not { } user
            || store.GetAccount(user.Account) is not { State: AccountService.Enabled } own)
        {
            return null;
        }

        var isAdmin = own.Type == AccountService.AdminType;
        var acting = result.Principal.FindFirstValue(ActingClaim) is { } named && isAdmin && store.GetAccount(named) is not null ? named : user.Account;
        // Antiforgery tokens are bound to this identity.
        http.User = result.Principal;
        return new Caller(user.Username, user.Account, isAdmin, acting);
    }

    /// <summary>An admin's switch to another account: the session is re-issued acting on it.</summary>
    public Task SwitchAccountAsync(HttpContext http, Caller caller, string account)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdmin || store.GetAccount(account) is null)
        {
            throw Api.ApiException.Forbidden($"user {caller.Username} may not act on account {account}");
        }

        return IssueAsync(http, caller.Username, account);
    }

    /// <summary>The hidden form field every state-changing form carries.</summary>
    public (string Name, string Value) FormToken(HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return (tokens.FormFieldName, tokens.RequestToken!);
    }

    /// <summary>False when a form arrived without this session's antiforgery token (a cross-site request, or a stale page).</summary>
    public Task<bool> IsValidFormAsync(HttpContext http) => antiforgery.IsRequestValidAsync(http);

    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Strict(options.Cookie, "gantry-ui");
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
    }

    public static void ConfigureAntiforgery(AntiforgeryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Strict(options.Cookie, "gantry-ui-csrf");
        options.FormFieldName = "__csrf";
    }

    /// <summary>Both UI cookies: script cannot read them, Secure over TLS, never sent cross-site, only under the UI's paths.</summary>
    private static void Strict(CookieBuilder cookie, string name)
    {
        cookie.Name = name;
        cookie.HttpOnly = true;
        cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.SameSite = SameSiteMode.Strict;
        cookie.Path = UiPaths.Prefix;
    }

    private static Task IssueAsync(HttpContext http, string username, string acting)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, username), new Claim(ActingClaim, acting)], Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }
}
