using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>
/// An active token of the user's was removed (by the user or an admin) at <paramref name="At"/>. If no other token
/// was active then, MFA is off for the user and their backup codes retire. Carried by the outbox with the
/// TOKEN_REMOVED record (ADR 0013): delivered at least once, so its handlers decide from <see cref="HadActiveTokenAt"/>,
/// which two concurrent removals of a user's last two tokens cannot both get wrong.
/// </summary>
public sealed record TokenRemoved(string UserId, Guid TokenId, DateTimeOffset At) : IConsequence;

/// <summary>
/// A user's first token became active at <paramref name="At"/>: MFA is now on for them (the policy starts requiring it
/// for all services). Carried by the outbox with the ENROLMENT_CONFIRMED record; delivered at least once.
/// </summary>
public sealed record FirstTokenActivated(string UserId, DateTimeOffset At) : IConsequence;

/// <summary>Whether the user had an active token at that moment (activated at or before it, not ended by then).</summary>
public sealed record HadActiveTokenAt(string UserId, DateTimeOffset At) : IQuery<bool>;
