using System.Text.Json;
using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

/// <summary>The BackupCodes operations as a signed-in user calls them, plus the contract other modules use.</summary>
internal static class BackupCodesApi
{
    public const string Fields = "setId remaining generatedAt acknowledged codes";

    /// <summary>Generates a set; with <paramref name="code"/>, verified for the session first (the step-up), as the page does.</summary>
    public static Task<JsonElement> GenerateAsync(this BrowserSession user, string? code = null) =>
        user.GraphQLWithStepUpAsync(code, $"mutation {{ generateBackupCodes {{ {Fields} }} }}");

    public static Task<JsonElement> AcknowledgeAsync(this BrowserSession user, string setId) =>
        user.GraphQLAsync($"mutation($s:ID!){{ acknowledgeBackupCodes(setId:$s){{ {Fields} }} }}", new { s = setId });

    public static async Task<JsonElement> MineAsync(this BrowserSession user) =>
        (await user.GraphQLAsync($"{{ myBackupCodes {{ {Fields} }} }}")).GetProperty("data").GetProperty("myBackupCodes");

    /// <summary>Generates a set (first setup: no step-up) and returns its id and codes.</summary>
    public static async Task<(string SetId, List<string> Codes)> NewSetAsync(this BrowserSession user, string? code = null)
    {
        var response = await user.GenerateAsync(code);
        response.ShouldHaveNoErrors();
        var set = response.GetProperty("data").GetProperty("generateBackupCodes");
        return (set.GetProperty("setId").GetString()!, set.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList());
    }

    public static async Task<BackupCodeSpending> SpendAsync(this MfaAppFactory app, string userId, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SpendBackupCode(userId, code));
    }
}
