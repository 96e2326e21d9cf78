using System.Security.Cryptography;
using System.Text;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// User tokens: 256 random bits, base64url, shown to the client once. Only their SHA-256 is stored:
/// a fast hash is enough for a 256-bit random secret (no dictionary to try), and it lets the
/// database find a token's user by an index. Comparisons of secrets are constant-time.
/// </summary>
public static class AccessTokens
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool HashesEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => CryptographicOperations.FixedTimeEquals(a, b);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
