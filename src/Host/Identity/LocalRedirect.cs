namespace MfaMonolith.Host.Identity;

/// <summary>
/// Where a sign-in or a prompt may send the browser afterwards: a path on this site, nothing else. A browser reads
/// "//host", "/\host" and a path with a tab or newline in it ("/\t/host") as another site, so those are refused too.
/// </summary>
internal static class LocalRedirect
{
    public static string OrRoot(string? returnUrl) => IsLocal(returnUrl) ? returnUrl! : "/";

    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and < 2048 }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');
}
