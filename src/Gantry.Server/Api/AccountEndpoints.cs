using System.Text.Json.Nodes;
using Gantry.Server.Accounts;
using Gantry.Server.Images;
using Gantry.Server.Security;
using Gantry.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gantry.Server.Api;

/// <summary><c>/account</c>, <c>/user</c> and the admin's <c>/accounts</c> (SERVICE.md §1, §4).</summary>
public static class AccountEndpoints
{
    private const string Disabled = "disabled";

    public static void MapAccounts(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/account", (HttpContext http, IStateStore store) => TypedResults.Ok(Present(GetAccount(store, http.Caller().Account))));
        routes.MapGet("/user", (HttpContext http, IStateStore store) => TypedResults.Ok(Present(store.GetUser(http.Caller().Username)!)));
        routes.MapGet("/user/credentials", (HttpContext http, IStateStore store) =>
            TypedResults.Ok(new JsonArray(new JsonObject { ["type"] = "password", ["value"] = "********", ["created_at"] = ImageCatalog.Iso(store.GetUser(http.Caller().Username)!.LastUpdated) })));
        routes.MapPost("/user/credentials", async (HttpContext http, AccountService accounts, IStateStore store) =>
        {
            var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.CredentialRequest).ConfigureAwait(false);
            if (body.Type != "password" || string.IsNullOrEmpty(body.Value))
            {
                throw ApiException.BadRequest("a credential is {\"type\": \"password\", \"value\": \"...\"}");
            }

            accounts.SetPassword(http.Caller().Username, body.Value);
            return TypedResults.Ok(Present(store.GetUser(http.Caller().Username)!));
        });

        var accounts = routes.MapGroup("/accounts");
        accounts.MapGet("", (HttpContext http, IStateStore store) =>
        {
            RequireAdmin(http);
            return TypedResults.Ok(store.ListAccounts(RequestInput.Text(http.Request, "state")).Select(Present).ToList());
        });
        accounts.MapPost("", CreateAccountAsync);
        accounts.MapGet("/{name}", (HttpContext http, string name, IStateStore store) => TypedResults.Ok(Present(GetAccount(store, Own(http, name)))));
        accounts.MapPut("/{name}/state", SetStateAsync);
        accounts.MapDelete("/{name}", (HttpContext http, string name, IStateStore store) =>
        {
            RequireAdmin(http);
            var account = GetAccount(store, name);
            if (account.State != Disabled || account.Name == AccountService.AdminAccount)
            {
                throw ApiException.BadRequest("an account must be disabled before it can be deleted, and the admin account cannot be");
            }

            store.DeleteAccount(name);
            return TypedResults.Ok(new AccountStateResponse("deleting"));
        });
        accounts.MapGet("/{name}/users", (HttpContext http, string name, IStateStore store) =>
            TypedResults.Ok(store.ListUsers(GetAccount(store, Own(http, name)).Name).Select(Present).ToList()));
        accounts.MapPost("/{name}/users", CreateUserAsync);
        accounts.MapGet("/{name}/users/{username}", (HttpContext http, string name, string username, IStateStore store) =>
            TypedResults.Ok(Present(GetUser(store, Own(http, name), username))));
        accounts.MapDelete("/{name}/users/{username}", (HttpContext http, string name, string username, IStateStore store) =>
        {
            var user = GetUser(store, Own(http, name), username);
            if (user.Username == http.Caller().Username)
            {
                throw ApiException.BadRequest("a user cannot delete itself");
            }

            store.DeleteUser(user.Username);
            return TypedResults.NoContent();
        });
    }

    private static async Task<Ok<AccountResponse>> CreateAccountAsync(HttpContext http, AccountService accounts, IStateStore store)
    {
        RequireAdmin(http);
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.AccountRequest).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            throw ApiException.BadRequest("'name' is a required property");
        }

        if (store.GetAccount(body.Name) is not null)
        {
            throw new ApiException(StatusCodes.Status409Conflict, $"account {body.Name} already exists");
        }

        return TypedResults.Ok(Present(accounts.CreateAccount(body.Name, body.Email, AccountService.UserType)));
    }

    private static async Task<Ok<AccountStateResponse>> SetStateAsync(HttpContext http, string name, IStateStore store)
    {
        RequireAdmin(http);
        var account = GetAccount(store, name);
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.AccountRequest).ConfigureAwait(false);
        if (body.State is not (AccountService.Enabled or Disabled) || account.Name == AccountService.AdminAccount)
        {
            throw ApiException.BadRequest("state must be enabled or disabled, and the admin account stays enabled");
        }

        store.SetAccountState(name, body.State);
        return TypedResults.Ok(new AccountStateResponse(body.State));
    }

    private static async Task<Ok<UserResponse>> CreateUserAsync(HttpContext http, string name, AccountService accounts, IStateStore store)
    {
        var account = GetAccount(store, Own(http, name));
        var body = await RequestInput.RequiredBodyAsync(http.Request, ApiJsonContext.Default.UserRequest).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body.Username) || string.IsNullOrEmpty(body.Password))
        {
            throw ApiException.BadRequest("'username' and 'password' are required properties");
        }

        if (store.GetUser(body.Username) is not null)
        {
            throw new ApiException(StatusCodes.Status409Conflict, $"user {body.Username} already exists");
        }

        return TypedResults.Ok(Present(accounts.CreateUser(account.Name, body.Username, body.Password)));
    }

    /// <summary>An admin may name any account; a user only its own.</summary>
    private static string Own(HttpContext http, string name)
    {
        var caller = http.Caller();
        return caller.IsAdmin || caller.UserAccount == name ? name : throw ApiException.Forbidden($"not authorized for account {name}");
    }

    private static void RequireAdmin(HttpContext http)
    {
        if (!http.Caller().IsAdmin)
        {
            throw ApiException.Forbidden("only an admin account may do this");
        }
    }

    private static AccountRecord GetAccount(IStateStore store, string name) =>
        store.GetAccount(name) ?? throw ApiException.NotFound($"account {name} not found");

    private static UserRecord GetUser(IStateStore store, string account, string username) =>
        store.GetUser(username) is { } user && user.Account == account ? user : throw ApiException.NotFound($"user {username} not found");

    private static AccountResponse Present(AccountRecord a) => new(a.Name, a.Email, a.Type, a.State, ImageCatalog.Iso(a.CreatedAt), ImageCatalog.Iso(a.LastUpdated));

    private static UserResponse Present(UserRecord u) => new(u.Username, u.Type, u.Source, ImageCatalog.Iso(u.CreatedAt), ImageCatalog.Iso(u.LastUpdated));
}
