using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>verifySecondFactor as the ProxyIdP calls it: TOTP and backup codes, replay, no factor, concurrency.</summary>
public sealed class VerifySecondFactorTests(ProxyIdpApp fixture) : IClassFixture<ProxyIdpApp>
{
    private readonly HttpClient proxy = fixture.App.ApiClient();

    private async Task<(BrowserSession User, string UserId, byte[] Secret)> UserWithTokenAsync()
    {
        var (user, userId) = await fixture.Shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();
        return (user, userId, secret);
    }

    private static async Task<List<string>> BackupCodesAsync(BrowserSession user)
    {
        var (setId, codes) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        return codes;
    }

    [Fact]
    public async Task A_right_TOTP_code_is_accepted_as_REFEDS_MFA()
    {
        var (user, userId, secret) = await UserWithTokenAsync();

        var result = await proxy.VerifyAsync(userId, user.CodeNow(secret, stepOffset: 1));

        result.GetProperty("accepted").GetBoolean().ShouldBeTrue(result.ToString());
        result.Str("method").ShouldBe("TOTP");
        result.Str("authnContextClassRef").ShouldBe("https://refeds.org/profile/mfa");
        result.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(0);
        result.Str("failureReason").ShouldBeNull();
        result.Str("lockedUntil").ShouldBeNull();
    }

    [Fact]
    public async Task The_same_TOTP_code_again_is_REPLAYED()
    {
        var (user, userId, secret) = await UserWithTokenAsync();
        var code = user.CodeNow(secret, stepOffset: 1);
        (await proxy.VerifyAsync(userId, code)).GetProperty("accepted").GetBoolean().ShouldBeTrue();

        var again = await proxy.VerifyAsync(userId, code);

        again.GetProperty("accepted").GetBoolean().ShouldBeFalse();
        again.Str("failureReason").ShouldBe("REPLAYED");
        again.Str("method").ShouldBeNull();
        again.Str("authnContextClassRef").ShouldBeNull();
    }

    [Fact]
    public async Task The_code_used_to_confirm_the_enrolment_is_REPLAYED()
    {
        var (user, userId, secret) = await UserWithTokenAsync();

        (await proxy.VerifyAsync(userId, user.CodeNow(secret))).Str("failureReason").ShouldBe("REPLAYED");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    public async Task A_wrong_TOTP_code_is_INVALID_CODE(int stepOffset)
    {
        var (user, userId, secret) = await UserWithTokenAsync();

        var result = await proxy.VerifyAsync(userId, user.CodeNow(secret, stepOffset));

        result.GetProperty("accepted").GetBoolean().ShouldBeFalse();
        result.Str("failureReason").ShouldBe("INVALID_CODE");
        result.Str("method").ShouldBeNull();
        result.Str("lockedUntil").ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("not-a-code")]
    public async Task Garbage_is_INVALID_CODE(string code)
    {
        var (_, userId, _) = await UserWithTokenAsync();

        (await proxy.VerifyAsync(userId, code)).Str("failureReason").ShouldBe("INVALID_CODE");
    }

    [Fact]
    public async Task A_backup_code_is_accepted_once_and_the_remaining_count_goes_down()
    {
        var (user, userId, _) = await UserWithTokenAsync();
        var codes = await BackupCodesAsync(user);

        var first = await proxy.VerifyAsync(userId, codes[0]);
        var spent = await proxy.VerifyAsync(userId, codes[0]);
        var second = await proxy.VerifyAsync(userId, codes[1]);

        first.GetProperty("accepted").GetBoolean().ShouldBeTrue(first.ToString());
        first.Str("method").ShouldBe("BACKUP_CODE");
        first.Str("authnContextClassRef").ShouldBe("https://refeds.org/profile/mfa");
        first.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count - 1);
        spent.GetProperty("accepted").GetBoolean().ShouldBeFalse();
        spent.Str("failureReason").ShouldBe("INVALID_CODE");
        spent.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count - 1);
        second.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count - 2);
    }

    [Fact]
    public async Task The_remaining_count_is_reported_with_a_TOTP_code_and_a_failure_too()
    {
        var (user, userId, secret) = await UserWithTokenAsync();
        var codes = await BackupCodesAsync(user);

        (await proxy.VerifyAsync(userId, user.CodeNow(secret, 1))).GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count);
        (await proxy.VerifyAsync(userId, "wrong-wrong")).GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count);
    }

    [Theory]
    [InlineData("{0} {1}")]
    [InlineData("{0}-{1}")]
    [InlineData(" {0} - {1} ")]
    public async Task Spaces_and_dashes_in_a_TOTP_code_are_ignored(string format)
    {
        var (user, userId, secret) = await UserWithTokenAsync();
        var code = user.CodeNow(secret, 1);

        var result = await proxy.VerifyAsync(userId, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, code[..3], code[3..]));

        result.GetProperty("accepted").GetBoolean().ShouldBeTrue(result.ToString());
        result.Str("method").ShouldBe("TOTP");
    }

    [Fact]
    public async Task Spaces_and_dashes_in_a_backup_code_are_ignored()
    {
        var (user, userId, _) = await UserWithTokenAsync();
        var codes = await BackupCodesAsync(user);
        var bare = codes[0].Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var regrouped = string.Join(" - ", bare.Chunk(3).Select(c => new string(c)));

        var bareResult = await proxy.VerifyAsync(userId, bare);
        var regroupedResult = await proxy.VerifyAsync(userId, " " + string.Join(' ', codes[1].Replace("-", "", StringComparison.Ordinal).Chunk(2).Select(c => new string(c))) + " ");
        var respent = await proxy.VerifyAsync(userId, regrouped);

        bareResult.GetProperty("accepted").GetBoolean().ShouldBeTrue(bareResult.ToString());
        bareResult.Str("method").ShouldBe("BACKUP_CODE");
        regroupedResult.GetProperty("accepted").GetBoolean().ShouldBeTrue(regroupedResult.ToString());
        respent.Str("failureReason").ShouldBe("INVALID_CODE");
    }

    [Fact]
    public async Task A_user_without_a_token_is_NO_ACTIVE_FACTOR()
    {
        var (user, userId) = await fixture.Shared.SignInAsNewUserAsync();

        var unknown = await proxy.VerifyAsync("nobody-" + Guid.NewGuid().ToString("N"), "123456");
        var signedInOnly = await proxy.VerifyAsync(userId, "123456");

        unknown.GetProperty("accepted").GetBoolean().ShouldBeFalse();
        unknown.Str("failureReason").ShouldBe("NO_ACTIVE_FACTOR");
        unknown.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(0);
        signedInOnly.Str("failureReason").ShouldBe("NO_ACTIVE_FACTOR");
        _ = user;
    }

    [Fact]
    public async Task An_empty_user_id_is_VALIDATION_FAILED()
    {
        var (_, body) = await proxy.CallAsync(ProxyIdpApi.VerifyMutation, new { @in = new { userId = "", code = "123456" } });

        body.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
    }

    [Fact]
    public async Task Eight_concurrent_calls_with_the_same_code_accept_it_exactly_once()
    {
        var (user, userId, secret) = await UserWithTokenAsync();
        var code = user.CodeNow(secret, 1);
        var clients = Enumerable.Range(0, 8).Select(_ => fixture.App.ApiClient()).ToList();

        var results = await Task.WhenAll(clients.Select(c => c.VerifyAsync(userId, code)));

        results.Count(r => r.GetProperty("accepted").GetBoolean()).ShouldBe(1, string.Join("\n", results));
        results.Where(r => !r.GetProperty("accepted").GetBoolean()).Select(r => r.Str("failureReason")).ShouldAllBe(reason => reason == "REPLAYED");
    }

    [Fact]
    public async Task A_backup_code_made_only_of_digits_is_still_a_backup_code()
    {
        // The alphabet has the digits 2–9: about one set in 77,000 holds a code of ten digits. Arrange one directly.
        var (_, userId, _) = await UserWithTokenAsync();
        const string digitsOnly = "2345678923";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var salt = BackupCodeHasher.NewSalt();
            var codes = new[] { digitsOnly, "abcdefghjk" };
            var hashes = new List<byte[]>();
            foreach (var code in codes)
                hashes.Add(await services.GetRequiredService<BackupCodeHasher>().HashAsync(code, salt, 1000, CancellationToken.None));
            var set = BackupCodeSet.Create(userId, salt, 1000, hashes, services.GetRequiredService<BackupCodeDisplayProtector>().Protect(codes), replacedSavedSet: false, fixture.App.Clock.GetUtcNow());
            set.Acknowledge(fixture.App.Clock.GetUtcNow());
            var db = services.GetRequiredService<BackupCodesDbContext>();
            db.Sets.Add(set);
            await db.SaveChangesAsync();
        }

        var result = await proxy.VerifyAsync(userId, "23456-78923");

        result.GetProperty("accepted").GetBoolean().ShouldBeTrue(result.ToString());
        result.Str("method").ShouldBe("BACKUP_CODE");
        result.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Backup_codes_retired_with_the_last_token_no_longer_work_after_a_new_token()
    {
        var (user, userId, secret) = await UserWithTokenAsync();
        var codes = await BackupCodesAsync(user);
        const string Remove = "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId } }";
        var tokens = await user.MyTokensAsync();
        (await user.GraphQLWithStepUpAsync(user.CodeNow(secret, 1), Remove, new { t = tokens[0].Id })).ShouldHaveNoErrors();
        await user.EnrolTokenAsync("New phone");

        var result = await proxy.VerifyAsync(userId, codes[0]);

        result.Str("failureReason").ShouldBe("INVALID_CODE");
        result.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(0);
        (await proxy.MfaRequirementAsync(userId)).Methods().ShouldBe(["TOTP"]);
    }

    [Fact]
    public async Task Eight_concurrent_calls_with_the_same_backup_code_spend_it_exactly_once()
    {
        var (user, userId, _) = await UserWithTokenAsync();
        var codes = await BackupCodesAsync(user);
        var clients = Enumerable.Range(0, 8).Select(_ => fixture.App.ApiClient()).ToList();

        var results = await Task.WhenAll(clients.Select(c => c.VerifyAsync(userId, codes[0])));

        results.Count(r => r.GetProperty("accepted").GetBoolean()).ShouldBe(1, string.Join("\n", results));
        results.Where(r => !r.GetProperty("accepted").GetBoolean()).Select(r => r.Str("failureReason")).ShouldAllBe(reason => reason == "INVALID_CODE");
        (await proxy.VerifyAsync(userId, codes[1])).GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count - 2);
    }
}
