namespace MfaMonolith.SharedKernel.Errors;

/// <summary>The stable error codes clients may branch on (GraphQL <c>extensions.code</c>).</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string InvalidCode = "INVALID_CODE";
    public const string Replayed = "REPLAYED";
    public const string LockedOut = "LOCKED_OUT";
    public const string NoActiveFactor = "NO_ACTIVE_FACTOR";
    public const string EnrollmentExpired = "ENROLLMENT_EXPIRED";
    public const string Conflict = "CONFLICT";
    public const string StepUpRequired = "STEP_UP_REQUIRED";
    /// <summary>The change has a consequence the user must confirm first (e.g. removing the last verification app while security keys remain).</summary>
    public const string ConfirmationRequired = "CONFIRMATION_REQUIRED";

    /// <summary>The session has not passed a second factor at all (an administrator without a token, an OIDC session owing its code).</summary>
    public const string SecondFactorRequired = "SECOND_FACTOR_REQUIRED";

    /// <summary>A second field that checks a code or costs a password hash in one operation (ADR 0015).</summary>
    public const string OneCostlyFieldPerOperation = "ONE_COSTLY_FIELD_PER_OPERATION";
    public const string Internal = "INTERNAL_ERROR";
}
