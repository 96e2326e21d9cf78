// Makes TorchSharp's native wrapper load on hosts whose libstdc++ predates GCC 13 (Debian 12, Ubuntu 22.04).
//
// libLibTorchSharp.so 0.107.0 was linked with GCC 13 and so declares a need for GLIBCXX_3.4.32, only for
// std::ios_base_library_init() — a link-time marker GCC 13's <iostream> references and nothing calls.
// Every other symbol it needs is in libstdc++ 12. Marking that one version-need entry weak (VER_FLG_WEAK
// in .gnu.version_r) lets the dynamic loader accept the file. This runs on the copy in a build's output
// folder, never on the NuGet cache, and is a no-op where the host's libstdc++ has GLIBCXX_3.4.32, where
// the file has no such need, or where it is already weak.
//
// Compiled twice: as an MSBuild inline task (build/LibTorchSharp.targets) and, with
// LIBTORCHSHARP_PATCH_TESTS defined, into the tests, which exercise ElfVersionNeeds directly.
#nullable enable
using System;
using System.IO;
using System.Text;
#if !LIBTORCHSHARP_PATCH_TESTS
using Microsoft.Build.Framework;
#endif

namespace HybridRecommender.Build
{
#if !LIBTORCHSHARP_PATCH_TESTS
    public sealed class WeakenGlibcxxNeed : Microsoft.Build.Utilities.Task
    {
        [Required] public string File { get; set; } = "";

        public override bool Execute()
        {
            try
            {
                var outcome = ElfVersionNeeds.WeakenIfHostLacks(File, ElfVersionNeeds.Glibcxx332, ElfVersionNeeds.HostLibStdCxx());
                Log.LogMessage(MessageImportance.Normal, $"{File}: {outcome}");
                return true;
            }
            catch (Exception e)
            {
                Log.LogError($"Could not patch {File} for this host's libstdc++: {e.Message}");
                return false;
            }
        }
    }
#endif

    public static class ElfVersionNeeds
    {
        public const string Glibcxx332 = "GLIBCXX_3.4.32";
        public const ushort VerFlgWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>The host's libstdc++.so.6, or null when none is found (then nothing is patched).</summary>
        public static string? HostLibStdCxx()
        {
            foreach (var dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
            {
                var path = Path.Combine(dir, "libstdc++.so.6");
                if (System.IO.File.Exists(path)) return path;
            }
            return null;
        }

        /// <summary>True when the library defines the version (its name appears NUL-terminated in the file).</summary>
        public static bool Defines(string library, string version)
        {
            var bytes = System.IO.File.ReadAllBytes(library);
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            return IndexOf(bytes, needle) >= 0;
        }

        /// <summary>Marks the need for <paramref name="version"/> weak unless the host defines it. Returns what was done.</summary>
        public static string WeakenIfHostLacks(string file, string version, string? hostLibStdCxx)
        {
            if (!System.IO.File.Exists(file)) return "not present, nothing to do";
            if (hostLibStdCxx is null) return "no libstdc++.so.6 found on this host, left as it is";
            if (Defines(hostLibStdCxx, version)) return $"{hostLibStdCxx} has {version}, left as it is";
            var bytes = System.IO.File.ReadAllBytes(file);
            var flags = FlagsOffset(bytes, version);
            if (flags is null) return $"declares no need for {version}, left as it is";
            var current = BitConverter.ToUInt16(bytes, flags.Value);
            if ((current & VerFlgWeak) != 0) return $"need for {version} already weak";
            var weak = (ushort)(current | VerFlgWeak);
            bytes[flags.Value] = (byte)weak;
            bytes[flags.Value + 1] = (byte)(weak >> 8);
            // Write beside and rename: never modify a file in place that may be a hard link into the NuGet cache.
            var temp = file + ".patching";
            System.IO.File.WriteAllBytes(temp, bytes);
            System.IO.File.Delete(file);
            System.IO.File.Move(temp, file);
            return $"marked the need for {version} weak (VER_FLG_WEAK)";
        }

        /// <summary>
        /// The file offset of vna_flags of the Vernaux entry naming <paramref name="version"/> in the
        /// SHT_GNU_verneed section of a little-endian ELF64 file; null when there is none.
        /// </summary>
        public static int? FlagsOffset(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian 64-bit ELF file");
            var shoff = checked((int)BitConverter.ToUInt64(elf, 0x28));
            var shentsize = BitConverter.ToUInt16(elf, 0x3A);
            var shnum = BitConverter.ToUInt16(elf, 0x3C);
            for (var s = 0; s < shnum; s++)
            {
                var sh = shoff + s * shentsize;
                if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
                var offset = checked((int)BitConverter.ToUInt64(elf, sh + 0x18));
                var link = BitConverter.ToUInt32(elf, sh + 0x28);   // the string table's section index
                var count = BitConverter.ToUInt32(elf, sh + 0x2C);  // sh_info: number of Verneed entries
                var strtab = checked((int)BitConverter.ToUInt64(elf, shoff + (int)link * shentsize + 0x18));
                var need = offset;
                for (var n = 0; n < count; n++)
                {
                    var auxCount = BitConverter.ToUInt16(elf, need + 2);
                    var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                    for (var a = 0; a < auxCount; a++)
                    {
                        var name = ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8));
                        if (name == version) return aux + 4;
                        aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                    }
                    need += (int)BitConverter.ToUInt32(elf, need + 12);
                }
            }
            return null;
        }

        private static string ReadString(byte[] bytes, int at)
        {
            var end = Array.IndexOf(bytes, (byte)0, at);
            return Encoding.ASCII.GetString(bytes, at, end - at);
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                var j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }
    }
}
