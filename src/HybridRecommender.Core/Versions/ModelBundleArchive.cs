using System.Formats.Tar;
using System.Security.Cryptography;

namespace HybridRecommender.Core.Versions;

/// <summary>A bundle folder as one tar archive (a version's stored form), its SHA-256, and back to a folder.</summary>
public static class ModelBundleArchive
{
    public static byte[] Pack(string folder)
    {
        using var stream = new MemoryStream();
        TarFile.CreateFromDirectory(folder, stream, includeBaseDirectory: false);
        return stream.ToArray();
    }

    public static string Sha256(byte[] archive) => Convert.ToHexStringLower(SHA256.HashData(archive));

    /// <summary>
    /// Extracts into <paramref name="folder"/> through a temporary sibling renamed at the end, so the folder either holds the whole
    /// archive or does not exist (a replica killed mid-extraction leaves only a temporary folder). An existing folder is kept.
    /// </summary>
    public static void Unpack(byte[] archive, string folder)
    {
        if (Directory.Exists(folder)) return;
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, ".unpacking-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temporary);
        using (var stream = new MemoryStream(archive, writable: false))
            TarFile.ExtractToDirectory(stream, temporary, overwriteFiles: false);
        try { Directory.Move(temporary, folder); }
        catch (IOException) when (Directory.Exists(folder)) { Directory.Delete(temporary, recursive: true); } // another replica was first
    }
}
