using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Host.Platform;

internal sealed class PageChrome(bool isEmbeddedSignIn) : IPageChrome
{
    public bool IsEmbeddedSignIn => isEmbeddedSignIn;
}
