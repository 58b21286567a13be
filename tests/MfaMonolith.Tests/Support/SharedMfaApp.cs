using Microsoft.AspNetCore.Identity;

namespace MfaMonolith.Tests.Support;

/// <summary>
/// One running app for all the tests of a class (an <c>IClassFixture</c>), each test signed in as a user of its own,
/// so tests stay independent without paying for a new host, database and key ring each. Use a fresh
/// <see cref="MfaAppFactory"/> instead when a test needs its own settings or moves the clock in ways others must not see.
/// </summary>
public sealed class SharedMfaApp : IDisposable
{
    public const int Users = 64;
    public const string Password = "shared-test-password";

    // PasswordHasher's format does not depend on the user name: one hash serves every test user.
    private static readonly Lazy<string> PasswordHash = new(() => new PasswordHasher<string>().HashPassword("", Password));

    private int issued;

    public SharedMfaApp()
    {
        for (var i = 0; i < Users; i++)
        {
            App.Settings[$"Mfa:EmbeddedSignIn:Accounts:{100 + i}:UserName"] = UserName(i);
            App.Settings[$"Mfa:EmbeddedSignIn:Accounts:{100 + i}:PasswordHash"] = PasswordHash.Value;
        }
    }

    public MfaAppFactory App { get; } = new();

    /// <summary>Signs in as a user no other test of this fixture has used.</summary>
    public async Task<(BrowserSession Session, string UserId)> SignInAsNewUserAsync()
    {
        var index = Interlocked.Increment(ref issued) - 1;
        if (index >= Users)
            throw new InvalidOperationException($"SharedMfaApp has only {Users} test users; raise {nameof(Users)}.");
        var user = UserName(index);
        return (await BrowserSession.SignInAsync(App, user, Password), user);
    }

    public void Dispose() => App.Dispose();

    private static string UserName(int index) => $"test-user-{index:D3}";
}
