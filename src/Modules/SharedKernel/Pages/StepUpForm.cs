using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.Pages;

/// <summary>
/// The pages' side of the step-up (ADR 0015). A form of a sensitive change may carry a code in the field
/// <see cref="CodeField"/>: it is verified for the session first (verifyStepUp), then the change runs in the same
/// request. A change that still answers <c>STEP_UP_REQUIRED</c> gets the prompt (field Verification code, button
/// Verify), which posts everything the user had entered back to the same action, so the change carries on.
/// </summary>
public static class StepUpForm
{
    public const string CodeField = "code";

    private const string AntiforgeryField = "__RequestVerificationToken";

    private const string VerifyMutation = "mutation VerifyStepUp($code: String!) { verifyStepUp(code: $code) { verifiedAt } }";

    private const string VerifyKeyMutation = """
        mutation VerifyStepUpWithSecurityKey($challengeId: ID!, $credential: String!) {
          verifyStepUpWithSecurityKey(challengeId: $challengeId, credential: $credential) { verifiedAt }
        }
        """;

    private const string StateQuery = "query MyStepUp { myStepUp { verifiedAt validUntil } }";

    private sealed record State(DateTimeOffset? VerifiedAt, DateTimeOffset? ValidUntil);

    private sealed record StateData(State MyStepUp);

    private sealed record Verified(DateTimeOffset VerifiedAt);

    private sealed record VerifiedData(Verified VerifyStepUp);

    private sealed record VerifiedByKeyData(Verified VerifyStepUpWithSecurityKey);

    /// <summary>
    /// The whole form, after the antiforgery check every state-changing form needs (a form read by hand gets no
    /// automatic one); null when the check fails: answer 400 and change nothing.
    /// </summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext http, CancellationToken ct) =>
        await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)
            ? await http.Request.ReadFormAsync(ct)
            : null;

    /// <summary>Verifies the code (or the security key's answer) the form carries, if it carries one; the error to show, or null.</summary>
    public static async Task<GraphQLError?> VerifyIfPresentAsync(IFormCollection form, IGraphQLClient graphql, CancellationToken ct)
    {
        if (SecurityKeyFields.Read(form) is var (challengeId, credential))
        {
            var byKey = await graphql.ExecuteAsync<VerifiedByKeyData>(VerifyKeyMutation, new { challengeId = challengeId.ToString(), credential }, ct);
            return byKey.Succeeded ? null : byKey.FirstError ?? new GraphQLError("The security key's answer could not be checked.", ErrorCodes.Internal);
        }

        var code = form[CodeField].ToString().Trim();
        if (code.Length == 0)
            return null;
        var result = await graphql.ExecuteAsync<VerifiedData>(VerifyMutation, new { code }, ct);
        return result.Succeeded ? null : result.FirstError ?? new GraphQLError("The code could not be checked.", ErrorCodes.Internal);
    }

    /// <summary>Until when the session's step-up lasts; null when the next sensitive change needs a code.</summary>
    public static async Task<DateTimeOffset?> ValidUntilAsync(IGraphQLClient graphql, CancellationToken ct) =>
        (await graphql.ExecuteAsync<StateData>(StateQuery, null, ct)).Data?.MyStepUp.ValidUntil;

    public static bool IsStepUpRequired(this GraphQLError? error) => error?.Code == ErrorCodes.StepUpRequired;

    /// <summary>
    /// The prompt, posting back to this request's path with the fields of <paramref name="form"/> (none for a page read
    /// by GET), so that the change carries on once the code is verified.
    /// </summary>
    /// <param name="what">What the code is for, in the user's words: "remove the token".</param>
    public static IResult Prompt(HttpRequest request, IFormCollection? form, string what, string? error = null)
    {
        var fields = form is null
            ? []
            : form.Where(f => f.Key is not (CodeField or AntiforgeryField or SecurityKeyFields.Challenge or SecurityKeyFields.Credential))
                .SelectMany(f => f.Value.Select(value => KeyValuePair.Create(f.Key, value ?? "")))
                .ToList();
        return PageResults.Page<StepUpPromptPage>(new { Action = request.Path.Value + request.QueryString.Value, Fields = fields, What = what, Error = error });
    }
}
