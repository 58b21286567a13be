using Mediator;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>A user's last active token was removed: MFA is off for them, so their other factors retire too.</summary>
public sealed record MfaTurnedOff(string UserId, DateTimeOffset At) : INotification;

/// <summary>A user's first token became active: MFA is now on for them (the policy starts requiring it for all services).</summary>
public sealed record FirstTokenActivated(string UserId, DateTimeOffset At) : INotification;
