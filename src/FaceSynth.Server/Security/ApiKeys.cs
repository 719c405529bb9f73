using System.Security.Cryptography;
using System.Text;

namespace FaceSynth.Server.Security;

/// <summary>
/// API keys: <c>fsk_&lt;key id&gt;_&lt;secret&gt;</c>. The key id finds the row; the secret is stored only as
/// HMAC-SHA256 under a random per-key salt and compared in constant time. The key is shown once, at creation.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "fsk_";

    /// <summary>A new key with its stored form.</summary>
    public static (string Key, string KeyId, byte[] Salt, byte[] Hash) Create()
    {
        string keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9));
        string secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var salt = RandomNumberGenerator.GetBytes(16);
        return ($"{Prefix}{keyId}_{secret}", keyId, salt, Hash(salt, secret));
    }

    /// <summary>Splits a presented key into id and secret; false for anything malformed.</summary>
    public static bool TryParse(string? key, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (key is null || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int sep = key.IndexOf('_', Prefix.Length);
        if (sep < 0)
        {
            return false;
        }

        keyId = key[Prefix.Length..sep];
        secret = key[(sep + 1)..];
        return keyId.Length == 18 && secret.Length >= 40;
    }

    /// <summary>Whether <paramref name="secret"/> matches the stored salt and hash.</summary>
    public static bool Verify(string secret, byte[] salt, byte[] hash) =>
        CryptographicOperations.FixedTimeEquals(Hash(salt, secret), hash);

    /// <summary>SHA-256 (hex) of a high-entropy session token, as stored.</summary>
    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new random session token.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static byte[] Hash(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
