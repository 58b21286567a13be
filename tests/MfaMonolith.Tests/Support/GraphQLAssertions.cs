using System.Text.Json;

namespace MfaMonolith.Tests.Support;

public static class GraphQLAssertions
{
    public static string? FirstErrorCode(this JsonElement response) =>
        response.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0
        && errors[0].TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var code)
            ? code.GetString()
            : null;

    public static string FirstErrorMessage(this JsonElement response) =>
        response.GetProperty("errors")[0].GetProperty("message").GetString()!;

    public static void ShouldHaveNoErrors(this JsonElement response) =>
        response.TryGetProperty("errors", out _).ShouldBeFalse(response.ToString());
}
