namespace MfaMonolith.SharedKernel.Errors;

/// <summary>
/// A failure the caller can act on: it carries a stable <see cref="Code"/> (a GraphQL error's
/// <c>extensions.code</c>) and a message fit to show to a person. Handlers throw it before changing anything.
/// </summary>
public sealed class AppException : Exception
{
    public AppException(string code, string message)
        : base(message) => Code = code;

    public AppException()
        : this(ErrorCodes.Internal, "An unexpected error occurred.") { }

    public AppException(string message)
        : this(ErrorCodes.Internal, message) { }

    public AppException(string message, Exception innerException)
        : base(message, innerException) => Code = ErrorCodes.Internal;

    public string Code { get; }
}
