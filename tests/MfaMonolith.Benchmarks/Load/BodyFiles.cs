using MfaMonolith.Benchmarks.Seeding;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// The request bodies the wrk scripts send, one JSON body per line, in the workspace (deleted at the end: they hold
/// codes). Each kind of batch hands out what it sends once only: backup codes and wrong-code budgets are consumed.
/// </summary>
internal sealed class BodyFiles(string workspace, BenchUsers users)
{
    /// <summary>Failures per user in the invalid run: the lock-out comes after 10 consecutive ones (VerificationLockout).</summary>
    public const int WrongCodesPerUser = 3;

    private const string AskForMfa = "https://refeds.org/profile/mfa";

    private readonly string folder = Directory.CreateDirectory(Path.Combine(workspace, "bodies")).FullName;
    private int backupCodesHandedOut;
    private int files;

    public string Reference() => Write("reference", [RequestBodies.Line(RequestBodies.Reference("bench"))]);

    /// <summary>
    /// The ProxyIdP's questions on a semester's first morning: three in four from enrolled users (any of them, so the
    /// whole database is read), one in four from users without a token; four in five for catalogued services, the
    /// rest for unlisted ones; one in ten with the service asking for REFEDS MFA.
    /// </summary>
    public string RequirementMix(int lines = 20_000)
    {
        var random = new Random(12);
        return Write("requirement-mix", Enumerable.Range(0, lines).Select(_ =>
        {
            var user = random.Next(4) < 3 ? BenchUsers.Id(random.Next(users.Count)) : BenchUsers.WithoutTokenId(random.Next(1_000_000));
            var relyingParty = random.Next(5) < 4
                ? BenchCatalogue.RelyingPartyId(random.Next(BenchCatalogue.RelyingPartyCount))
                : BenchCatalogue.UnknownRelyingPartyId(random.Next(20));
            string[] asked = random.Next(10) == 0 ? [AskForMfa] : [];
            return RequestBodies.Line(RequestBodies.Requirement(user, relyingParty, asked));
        }));
    }

    public string Verifications(string name, IEnumerable<(int User, string Code)> codes) =>
        Write(name, codes.Select(code => RequestBodies.Line(RequestBodies.Verify(BenchUsers.Id(code.User), code.Code))));

    /// <summary>Wrong codes, <see cref="WrongCodesPerUser"/> per user, the users' first tries before anyone's second.</summary>
    public string WrongCodes(FreshCodes codes, int count)
    {
        var perRound = Math.Min(users.Count, Math.Max(1, count / WrongCodesPerUser));
        var first = users.Count / 2;
        return Write("invalid", Enumerable.Range(0, WrongCodesPerUser).SelectMany(_ => Enumerable.Range(0, perRound)).Select(i =>
        {
            var user = (first + i) % users.Count;
            return RequestBodies.Line(RequestBodies.Verify(BenchUsers.Id(user), codes.Wrong(user)));
        }));
    }

    /// <summary>Unused backup codes of distinct users: every user's first code, then every user's second, and so on.</summary>
    public string BackupCodes(int count)
    {
        count = Math.Min(count, users.Count * users.BackupCodes.Count - backupCodesHandedOut);
        var from = backupCodesHandedOut;
        backupCodesHandedOut += count;
        return Write("backup-codes", Enumerable.Range(from, count).Select(position =>
            RequestBodies.Line(RequestBodies.Verify(BenchUsers.Id(position % users.Count), users.BackupCodes[position / users.Count]))));
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var safeName = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        var path = Path.Combine(folder, $"{++files:D2}-{safeName}.txt");
        File.WriteAllLines(path, lines);
        return path;
    }
}
