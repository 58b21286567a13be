using System.Globalization;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.BackupCodes.Features.FirstSetup;

/// <summary>
/// Seed steps 6–8, after the first token is verified: Continue → "MFA is activated" → OK (a POST that makes the set)
/// → backup codes → "I have my backup codes" → done. Where the user is follows from stored state (an active token, an
/// acknowledged set), never from the session, so signing in again resumes at the right step.
/// </summary>
internal static class FirstSetupPages
{
    internal const string BackupCodesQuery = "query MyBackupCodes { myBackupCodes { setId codes generatedAt acknowledged } }";
    internal const string GenerateMutation = "mutation GenerateBackupCodes { generateBackupCodes { setId codes generatedAt acknowledged } }";
    internal const string AcknowledgeMutation = "mutation AcknowledgeBackupCodes($setId: ID!) { acknowledgeBackupCodes(setId: $setId) { setId acknowledged } }";

    internal const string MovedInQuery = "query MovedIn { myTokens { imported } myServiceSettings { status } }";

    internal sealed record MovedInToken(bool Imported);

    internal sealed record MovedInSettings(string Status);

    internal sealed record MovedInData(IReadOnlyList<MovedInToken> MyTokens, MovedInSettings MyServiceSettings);

    internal const string DoneQuery = "query SetupDone { myTokens { id } myBackupCodes { remaining acknowledged } }";

    internal sealed record DoneToken(string Id);

    internal sealed record DoneCodes(int Remaining, bool Acknowledged);

    internal sealed record DoneData(IReadOnlyList<DoneToken> MyTokens, DoneCodes MyBackupCodes);

    internal sealed record CodeSet(string? SetId, IReadOnlyList<string>? Codes, DateTimeOffset? GeneratedAt, bool Acknowledged);

    internal sealed record CodesData(CodeSet MyBackupCodes);

    internal sealed record GeneratedData(CodeSet GenerateBackupCodes);

    internal sealed record AcknowledgedData(CodeSet AcknowledgeBackupCodes);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/setup/verified", () => PageResults.Page<TokenVerifiedPage>());
        pages.MapGet("/setup/activated", () => PageResults.Page<ActivatedPage>());
        pages.MapGet("/setup/done", async (IGraphQLClient graphql, CancellationToken ct) =>
        {
            // The done page stays reachable after the setup: once codes are spent, it warns as "My tokens" does.
            var data = (await graphql.ExecuteAsync<DoneData>(DoneQuery, null, ct)).Require();
            return PageResults.Page<DonePage>(new
            {
                BackupCodesLeft = FewBackupCodesWarning.LeftToWarnAbout(data.MyTokens.Count > 0, data.MyBackupCodes.Remaining, data.MyBackupCodes.Acknowledged),
            });
        });

        // Showing never makes a set (no GET changes state): the codes of a set this sign-in made, or the OK button that
        // makes one.
        pages.MapGet("/setup/backup-codes", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var read = await graphql.ExecuteAsync<CodesData>(BackupCodesQuery, null, ct);
            // A set that replaced a saved one is no first setup: "My backup codes" shows it, after the step-up.
            if (read.FirstError.IsStepUpRequired())
                return PageResults.SeeOther("/backup-codes");
            var current = read.Require().MyBackupCodes;
            if (current.Acknowledged)
                return PageResults.SeeOther("/setup/done");
            if (ShownToThisSignIn(current, http))
                return PageResults.Page<BackupCodesPage>(new { current.Codes, current.SetId, AcknowledgeAction = "/setup/backup-codes/acknowledge" });
            // A user whose tokens were all imported comes here on the first sign-in with no backup codes (issue 15).
            var movedIn = (await graphql.ExecuteAsync<MovedInData>(MovedInQuery, null, ct)).Require();
            return PageResults.Page<ActivatedPage>(new
            {
                MovedIn = movedIn.MyTokens.Count > 0 && movedIn.MyTokens.All(t => t.Imported),
                movedIn.MyServiceSettings.Status,
            });
        });

        // OK makes the set, then the page shows it by GET, so that a reload does not post again.
        pages.MapPost("/setup/backup-codes", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is null)
                return Results.BadRequest();
            var read = await graphql.ExecuteAsync<CodesData>(BackupCodesQuery, null, ct);
            if (read.FirstError.IsStepUpRequired())
                return PageResults.SeeOther("/backup-codes");
            var current = read.Require().MyBackupCodes;
            if (current.Acknowledged)
                return PageResults.SeeOther("/setup/done");
            // Codes are shown once: a set made before this sign-in (an interrupted setup) is replaced by a fresh one;
            // one this sign-in made (OK pressed twice, another tab) is shown again.
            if (!ShownToThisSignIn(current, http))
            {
                var generated = await graphql.ExecuteAsync<GeneratedData>(GenerateMutation, null, ct);
                if (generated.FirstError?.Code == ErrorCodes.NoActiveFactor)
                    return PageResults.SeeOther("/tokens/new");
                // CONFLICT: another tab made a set at the same moment and won; the page shows that one.
                if (generated.FirstError?.Code != ErrorCodes.Conflict)
                    _ = generated.Require();
            }

            return PageResults.SeeOther("/setup/backup-codes");
        });

        pages.MapPost("/setup/backup-codes/acknowledge", async ([FromForm] string? setId, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<AcknowledgedData>(AcknowledgeMutation, new { setId = setId ?? "" }, ct);
            return result.Succeeded
                ? PageResults.SeeOther("/setup/done")
                : PageResults.Page<CodesGoneOrMissingPage>(new { Message = result.FirstError?.Message }, StatusCodes.Status409Conflict);
        });
    }

    private static bool ShownToThisSignIn(CodeSet set, HttpContext http) => set.Codes is not null && set.GeneratedAt >= SignedInAt(http);

    private static DateTimeOffset SignedInAt(HttpContext http) =>
        long.TryParse(http.User.FindFirst(UserClaims.AuthenticatedAt)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MaxValue;
}
