using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Identity;

namespace MfaMonolith.Tests.Support.PostgreSql;

/// <summary>
/// Two Hosts, A and B, each a process of its own, on one fresh PostgreSQL database and one key-encryption certificate:
/// the product deployed as several instances behind a load balancer. They start at the same moment on the empty
/// database, so their migrations meet under the migration lock. One pair for all the tests of a class (an
/// <c>IClassFixture</c>); each test takes users of its own.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const int Users = 40;
    public const string Password = "two-instances-password";

    private readonly string certificateDirectory = Path.Combine(Path.GetTempPath(), "mfa-tests", "kek-" + Guid.NewGuid().ToString("N"));
    private int issued;

    public string ConnectionString { get; } = TestPostgreSql.CreateDatabase("multi");

    public HostProcess A { get; private set; } = null!;

    public HostProcess B { get; private set; } = null!;

    /// <summary>The configuration both instances were started with.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Mfa:Database:Provider"] = "PostgreSql",
            ["Mfa:Database:ConnectionString"] = ConnectionString,
            ["Mfa:KeyEncryption:CertificatePath"] = CreateKeyEncryptionCertificate(certificateDirectory),
        };
        var passwordHash = new PasswordHasher<string>().HashPassword("", Password);
        for (var i = 0; i < Users; i++)
        {
            settings[$"Mfa:EmbeddedSignIn:Accounts:{100 + i}:UserName"] = UserName(i);
            settings[$"Mfa:EmbeddedSignIn:Accounts:{100 + i}:PasswordHash"] = passwordHash;
        }

        Settings = settings;
        A = HostProcess.Start("A", settings);
        B = HostProcess.Start("B", settings);
        await Task.WhenAll(A.WaitUntilReadyAsync(), B.WaitUntilReadyAsync());
        // Both use Data Protection for the first time at once (a sign-in form protects an antiforgery token), so each
        // may create a key of its own in the empty key ring: the tests then show either reads what the other protected.
        await Task.WhenAll(A.Browser(new CookieContainer()).GetPageAsync("/signin"), B.Browser(new CookieContainer()).GetPageAsync("/signin"));
    }

    /// <summary>A user no other test of this fixture has used, not signed in yet; one browser, its cookies sent to A and B.</summary>
    public InstanceUser NewUser()
    {
        var index = Interlocked.Increment(ref issued) - 1;
        if (index >= Users)
            throw new InvalidOperationException($"TwoInstances has only {Users} test users; raise {nameof(Users)}.");
        var cookies = new CookieContainer();
        return new InstanceUser(UserName(index), cookies, A.Browser(cookies), B.Browser(cookies));
    }

    /// <summary>A new user, signed in on A.</summary>
    public async Task<InstanceUser> SignInAsNewUserAsync()
    {
        var user = NewUser();
        await user.OnA.SignInAsAsync(user.Id, Password);
        return user;
    }

    /// <summary>A new user with a token enrolled on A (which also sets MFA for all services).</summary>
    public async Task<InstanceUser> NewUserWithTokenAsync()
    {
        var user = await SignInAsNewUserAsync();
        user.Secret = (await user.OnA.EnrolTokenAsync()).Secret;
        return user;
    }

    public async Task DisposeAsync()
    {
        if (A is not null)
            await A.DisposeAsync();
        if (B is not null)
            await B.DisposeAsync();
        TestPostgreSql.DropDatabase(ConnectionString);
        try { Directory.Delete(certificateDirectory, recursive: true); } catch (IOException) { }
    }

    private static string UserName(int index) => $"instance-user-{index:D3}";

    /// <summary>What an operator hands every instance: one certificate, or they cannot read each other's key ring.</summary>
    public static string CreateKeyEncryptionCertificate(string directory)
    {
        Directory.CreateDirectory(directory);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=MfaMonolith test key-encryption key", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, "key-encryption.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        return path;
    }
}

/// <summary>A signed-in user of <see cref="TwoInstances"/>, one browser whose cookies both instances see.</summary>
public sealed class InstanceUser(string id, CookieContainer cookies, BrowserSession onA, BrowserSession onB)
{
    public string Id { get; } = id;

    /// <summary>The browser's cookie jar, which both instances' sessions share.</summary>
    public CookieContainer Cookies { get; } = cookies;

    public BrowserSession OnA { get; } = onA;

    public BrowserSession OnB { get; } = onB;

    /// <summary>The token's secret, as the user's authenticator app holds it (once enrolled).</summary>
    public byte[] Secret { get; set; } = [];

    /// <summary>The code the app shows now (real clock), or <paramref name="stepOffset"/> steps away.</summary>
    public string Code(int stepOffset = 0) => OnA.CodeNow(Secret, stepOffset);

    /// <summary>A well-formed code that no step near now matches.</summary>
    public string WrongCode()
    {
        var near = Enumerable.Range(-3, 7).Select(Code).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(1, 20).Select(i => (i * 104_729 % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .First(code => !near.Contains(code));
    }
}
