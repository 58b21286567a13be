namespace MfaMonolith.SharedKernel.Pages;

/// <summary>What the page frame needs to know about the running product.</summary>
public interface IPageChrome
{
    /// <summary>True while the built-in sign-in (not the federation's) authenticates users: the pages say so.</summary>
    bool IsEmbeddedSignIn { get; }
}
