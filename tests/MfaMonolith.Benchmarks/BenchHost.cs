using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.Benchmarks;

/// <summary>
/// The real Host (Release build, SQLite in a temp folder — or the PostgreSQL database named by MFA_BENCH_POSTGRES) on a
/// loopback port, with a bench API client.
/// </summary>
internal sealed partial class BenchHost : WebApplicationFactory<Program>
{
    public const string ApiKey = "bench-proxyidp-key-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mfa-bench-" + Guid.NewGuid().ToString("N"));

    public BenchClock Clock { get; } = new();

    /// <summary>The PostgreSQL connection string to run on (scripts/bench --postgres sets it), or null for SQLite.</summary>
    public static string? PostgreSql => Environment.GetEnvironmentVariable("MFA_BENCH_POSTGRES") is { Length: > 0 } value ? value : null;

    public static string ProviderName => PostgreSql is null ? "SQLite" : "PostgreSQL";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(Path.Combine(RepositoryRoot(), "src", "Host"));
        builder.UseSetting("Mfa:DataDirectory", DataDirectory);
        if (PostgreSql is not null)
        {
            builder.UseSetting("Mfa:Database:Provider", "PostgreSql");
            builder.UseSetting("Mfa:Database:ConnectionString", PostgreSql);
        }

        builder.UseSetting("Mfa:RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("Mfa:RateLimits:PagesPerMinute", "1000000");
        builder.UseSetting("Mfa:ApiClients:1:Name", "bench");
        builder.UseSetting("Mfa:ApiClients:1:Key", ApiKey);
        builder.UseSetting("Mfa:ApiClients:1:Scopes:0", "policy:read");
        builder.UseSetting("Mfa:ApiClients:1:Scopes:1", "otp:verify");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public Uri Start()
    {
        UseKestrel(0);
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    /// <summary>Signs <paramref name="user"/> in through the pages and enrols a token; returns its secret.</summary>
    public static async Task<byte[]> EnrolAsync(Uri address, string user)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = address };
        var page = await browser.GetStringAsync("/signin");
        var token = Antiforgery().Match(page).Groups[1].Value;
        var signIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = user, ["password"] = user + "-demo-password",
        }));
        if ((int)signIn.StatusCode != 303)
            throw new InvalidOperationException("Sign-in failed: " + signIn.StatusCode);

        var begun = await GraphQLAsync(browser, "mutation { beginTokenEnrollment(description: \"bench\") { tokenId secret } }", null);
        var enrollment = begun.GetProperty("data").GetProperty("beginTokenEnrollment");
        var secret = OtpNet.Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()!);
        var code = new OtpNet.Totp(secret).ComputeTotp(DateTime.UtcNow);
        var confirmed = await GraphQLAsync(browser, "mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }",
            new { t = enrollment.GetProperty("tokenId").GetString(), c = code });
        if (confirmed.TryGetProperty("errors", out var errors))
            throw new InvalidOperationException("Enrolment failed: " + errors);
        return secret;
    }

    public static async Task<JsonElement> GraphQLAsync(HttpClient client, string query, object? variables)
    {
        var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MfaMonolith.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException("Run the benchmark from the repository (MfaMonolith.sln not found).");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
