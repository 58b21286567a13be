using System.Text.Json;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support.PostgreSql;
using Xunit.Abstractions;

namespace MfaMonolith.Tests.PostgreSql;

/// <summary>
/// A burst of guesses for one user split over two instances on one PostgreSQL database: each instance counts the
/// attempt in the database before checking the code, so together they check no more codes than the lock-out allows.
/// </summary>
public sealed class AtomicLockoutAcrossInstancesTests(TwoInstances instances, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Fifty_concurrent_wrong_codes_split_over_A_and_B_are_at_most_ten_guesses_and_lock_the_user()
    {
        var user = await instances.NewUserWithTokenAsync();
        var codes = ProxyIdpApi.WrongCodes(50, Enumerable.Range(-3, 7).Select(user.Code));
        var onA = Enumerable.Range(0, 5).Select(_ => instances.A.ProxyIdp()).ToList();
        var onB = Enumerable.Range(0, 5).Select(_ => instances.B.ProxyIdp()).ToList();

        var answers = await Task.WhenAll(codes.Select((code, i) => (i % 2 == 0 ? onA : onB)[i / 2 % 5].VerifyAsync(user.Id, code)));
        var evaluated = await TestPostgreSql.ScalarAsync<long>(instances.ConnectionString,
            $"SELECT count(*) FROM audit.audit_events WHERE \"UserId\" = '{user.Id}' AND \"Type\" = 'VerificationRejected' AND \"Reason\" = 'INVALID_CODE'");
        var rightCodeOnA = await onA[0].VerifyAsync(user.Id, user.Code(+1));
        var rightCodeOnB = await onB[0].VerifyAsync(user.Id, user.Code(+1));

        output.WriteLine($"{evaluated} of 50 codes evaluated, {Answered(answers, "LOCKED_OUT")} answered LOCKED_OUT");
        evaluated.ShouldBeLessThanOrEqualTo(10, "the lock-out allows 10 guesses, on A and B together");
        Answered(answers, "INVALID_CODE").ShouldBe((int)evaluated);
        Answered(answers, "LOCKED_OUT").ShouldBeGreaterThanOrEqualTo(40, string.Join("\n", answers));
        foreach (var locked in new[] { rightCodeOnA, rightCodeOnB })
        {
            locked.Str("failureReason").ShouldBe("LOCKED_OUT", locked.ToString());
            locked.LockedUntil().ShouldNotBeNull(locked.ToString());
        }
    }

    private static int Answered(IEnumerable<JsonElement> answers, string reason) => answers.Count(a => a.Str("failureReason") == reason);
}
