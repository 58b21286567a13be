using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MfaMonolith.Modules.Tokens.Domain;
using OtpNet;

namespace MfaMonolith.Tests.Support;

/// <summary>
/// What a person's browser does, as HTTP: sign in, submit forms with their antiforgery token, call GraphQL. Usually on
/// an in-memory <see cref="MfaAppFactory"/>; on any client and clock otherwise (a Host in a process of its own).
/// </summary>
public sealed partial class BrowserSession(HttpClient client, TimeProvider clock)
{
    public BrowserSession(MfaAppFactory app)
        : this(app.CreateBrowserLikeClient(), app.Clock)
    {
    }

    public HttpClient Client { get; } = client;

    public static async Task<BrowserSession> SignInAsync(MfaAppFactory app, string user = "alice", string? password = null)
    {
        var session = new BrowserSession(app);
        await session.SignInAsAsync(user, password);
        return session;
    }

    /// <summary>Signs in through the embedded sign-in as a user with no token yet (no second factor asked).</summary>
    public async Task SignInAsAsync(string user, string? password = null)
    {
        var response = await PostFormAsync("/signin", "/signin", new() { ["username"] = user, ["password"] = password ?? user + "-demo-password" });
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the form to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await GetPageAsync(formPage);
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value;
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async Task<JsonElement> GraphQLAsync(string query, object? variables = null)
    {
        var response = await Client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Enrols a token through GraphQL and returns its secret, as an authenticator app would hold it.</summary>
    public async Task<(string TokenId, byte[] Secret)> EnrolTokenAsync(string description = "Phone")
    {
        var begun = await GraphQLAsync("mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId secret } }", new { d = description });
        var enrollment = begun.GetProperty("data").GetProperty("beginTokenEnrollment");
        var tokenId = enrollment.GetProperty("tokenId").GetString()!;
        var secret = Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()!);
        var confirmed = await GraphQLAsync("mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }",
            new { t = tokenId, c = CodeNow(secret) });
        confirmed.TryGetProperty("errors", out _).ShouldBeFalse(confirmed.ToString());
        return (tokenId, secret);
    }

    public string CodeNow(byte[] secret, int stepOffset = 0) =>
        TotpAlgorithm.Code(secret, TotpAlgorithm.TimeStep(clock.GetUtcNow(), 30) + stepOffset);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
