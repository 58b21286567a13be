namespace MfaMonolith.Benchmarks;

/// <summary>Paths in the repository this benchmark was built from.</summary>
internal static class Repository
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

        throw new InvalidOperationException("Run the benchmark from its build in the repository (MfaMonolith.sln not found above it).");
    }
}
