namespace MfaMonolith.Tests.Support;

/// <summary>Files of the repository that tests read (the ProxyIdP contract, the GraphQL-over-HTTP audit).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MfaMonolith.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException("MfaMonolith.sln not found above " + AppContext.BaseDirectory);
    }
}
