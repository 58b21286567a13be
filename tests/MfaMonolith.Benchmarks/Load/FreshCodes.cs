using MfaMonolith.Benchmarks.Seeding;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// TOTP codes the Host will accept, on the real clock. A token accepts each time step once, so each (user, step) is
/// handed out once; when too few users are left for the current step, or its codes would not stay valid long enough
/// for the runs that need them, this waits for the next step.
/// </summary>
internal sealed class FreshCodes(BenchUsers users)
{
    private const int PeriodSeconds = 30;

    private readonly long[] lastStepHandedOut = Enumerable.Repeat(-1L, users.Count).ToArray();
    private int cursor;

    /// <summary>Codes of the current step for <paramref name="count"/> distinct users (at most all of them).</summary>
    /// <param name="validFor">How long the codes must go on being accepted from now.</param>
    public async Task<IReadOnlyList<(int User, string Code)>> TakeAsync(int count, TimeSpan validFor, CancellationToken ct)
    {
        count = Math.Clamp(count, 1, users.Count);
        while (true)
        {
            var now = DateTimeOffset.UtcNow;
            var step = now.ToUnixTimeSeconds() / PeriodSeconds;
            var stepEnds = DateTimeOffset.FromUnixTimeSeconds((step + 1) * PeriodSeconds);
            // A code is accepted until the step after its own ends (the Host's default window, Mfa:Totp:WindowSteps = 1).
            var acceptedUntil = stepEnds.AddSeconds(PeriodSeconds);
            if (acceptedUntil - now >= validFor && lastStepHandedOut.Count(handedOut => handedOut < step) >= count)
                return Take(count, step);
            await Task.Delay(stepEnds - now + TimeSpan.FromMilliseconds(50), ct);
        }
    }

    /// <summary>A six-digit code that none of the steps near now accepts for <paramref name="user"/>: a typo, or a guess.</summary>
    public string Wrong(int user)
    {
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / PeriodSeconds;
        var nearNow = Enumerable.Range(-2, 5).Select(offset => users.Code(user, step + offset)).ToHashSet(StringComparer.Ordinal);
        var far = step + 1_000;
        while (nearNow.Contains(users.Code(user, far)))
            far++;
        return users.Code(user, far);
    }

    private List<(int User, string Code)> Take(int count, long step)
    {
        var taken = new List<(int, string)>(count);
        while (taken.Count < count)
        {
            var user = cursor;
            cursor = (cursor + 1) % users.Count;
            if (lastStepHandedOut[user] >= step)
                continue;
            lastStepHandedOut[user] = step;
            taken.Add((user, users.Code(user, step)));
        }

        return taken;
    }
}
