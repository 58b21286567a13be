using Mediator;
using MfaMonolith.Modules.Tokens;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;

#pragma warning disable CA1812, CA1852 // the fixtures exist to be inspected, not instantiated; one is unsealed on purpose

// Code that breaks the architecture rules on purpose, so that each rule is seen to fail (ModuleBoundaryTests).
namespace MfaMonolith.Tests.Architecture.Violations
{
    internal static class ReachesIntoTheDbContext
    {
        public static int CountTokens(TokensDbContext db) => db.Tokens.Count();
    }

    /// <summary>The dependency hides in compiler-generated code (a closure and an async state machine).</summary>
    internal static class ReachesIntoTheDomainInsideAnAsyncLambda
    {
        public static Func<Task<int>> Later() => async () =>
        {
            await Task.Yield();
            return TotpAlgorithm.NewSecret().Length;
        };
    }

    public sealed class PublicDbContext(DbContextOptions<PublicDbContext> options) : DbContext(options);

    public sealed record Ping : IRequest<int>;

    public sealed class PublicHandler : IRequestHandler<Ping, int>
    {
        public ValueTask<int> Handle(Ping request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
    }

    internal class UnsealedHandler : IRequestHandler<Ping, int>
    {
        public ValueTask<int> Handle(Ping request, CancellationToken cancellationToken) => ValueTask.FromResult(2);
    }

    /// <summary>Sees events published on their own, never those an outbox delivers in a batch.</summary>
    internal sealed class HandlesOneSecurityEventOnly : INotificationHandler<MfaMonolith.SharedKernel.SecurityEvents.SecurityEventOccurred>
    {
        public ValueTask Handle(MfaMonolith.SharedKernel.SecurityEvents.SecurityEventOccurred notification, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>A step-up that matches the code to the secret on its own, past the lock-out.</summary>
    internal static class ChecksACodeItself
    {
        public static long? Check(byte[] secret, string code) => TotpAlgorithm.MatchingStep(secret, code, DateTimeOffset.UnixEpoch, 30, 6, 1);
    }

    internal static class SpendsABackupCodeBesideTheVerification
    {
        public static object Spend(string userId, string code) => new MfaMonolith.Modules.BackupCodes.Contracts.SpendBackupCode(userId, code);
    }

    internal static class SendsVerifyTotpCodeInsideALambda
    {
        public static Func<Task<object>> Later(string userId, string code) => async () =>
        {
            await Task.Yield();
            return new VerifyTotpCode(userId, code);
        };
    }

    internal sealed class InternalSealedHandler : IRequestHandler<Ping, int>
    {
        public ValueTask<int> Handle(Ping request, CancellationToken cancellationToken) => ValueTask.FromResult(3);
    }
}

namespace MfaMonolith.Tests.Architecture.Allowed
{
    /// <summary>What another module or the Host may do: send a contract, call the registration entry.</summary>
    internal static class UsesContractsAndTheRegistrationEntry
    {
        public static VerifyTotpCode Verify(string userId, string code) => new(userId, code);

        public static bool IsAccepted(TotpVerification verification) => verification.Outcome == TotpVerificationOutcome.Accepted;

        public static Type Entry() => typeof(TokensModule);
    }
}
