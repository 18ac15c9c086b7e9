using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.Tokens;

/// <summary>
/// The key bearer tokens are signed and checked with: <c>Crm:Security:TokenSigningKey</c> when configured, otherwise one
/// generated once and shared through the database. Loaded at start-up, before the host takes requests.
/// </summary>
public sealed class TokenSigningKey(IOptions<CrmSecurityOptions> options, SharedSecrets secrets)
{
    public const string SecretName = "token-signing-key";
    private const int MinimumBytes = 32; // HMAC-SHA256 wants at least 256 bits

    private SymmetricSecurityKey? _key;

    public SecurityKey Current => _key ?? throw new InvalidOperationException("The token signing key is read at start-up; the host has not started yet.");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TokenSigningKey is { Length: > 0 } configured)
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            if (bytes.Length < MinimumBytes)
            {
                throw new InvalidOperationException($"{CrmSecurityOptions.Section}:{nameof(CrmSecurityOptions.TokenSigningKey)} must be at least {MinimumBytes} characters long.");
            }

            _key = new SymmetricSecurityKey(bytes);
            return;
        }

        var stored = await secrets.GetOrAddAsync(SecretName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)), cancellationToken);
        _key = new SymmetricSecurityKey(Convert.FromBase64String(stored));
    }
}
