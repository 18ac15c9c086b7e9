namespace OrleansCrm.Web;

/// <summary>What the host tells the UI about itself.</summary>
public sealed class WebUiOptions
{
    /// <summary>In demo mode the sign-in page names the demo users; empty otherwise.</summary>
    public IReadOnlyList<string> DemoUsers { get; set; } = [];

    public string? DemoPassword { get; set; }
}
