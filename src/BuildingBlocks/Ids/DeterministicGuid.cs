using System.Security.Cryptography;
using System.Text;

namespace OrleansCrm.BuildingBlocks.Ids;

/// <summary>
/// A stable id from an idempotency key: a retried command with the same key addresses the same grain,
/// which then recognises the repeat and changes nothing.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(string scope, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
