using HybridRecommender.Tests.Support;
using HybridRecommender.Build;
using TorchSharp;

namespace HybridRecommender.Tests.Native;

/// <summary>
/// TorchSharp initialises in this build's output folder, and the build step that weakens
/// libLibTorchSharp.so's GLIBCXX_3.4.32 need does what build/LibTorchSharpVersionNeedPatch.cs says.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class LibTorchSharpLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("libtorchsharp-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // A build for the host's runtime (Directory.Build.props) puts native files next to the assemblies; a build for
    // no runtime in particular keeps them under runtimes/<rid>/native.
    private static string OutputCopy => new[]
    {
        Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
    }.First(File.Exists);

    [Fact]
    public void TorchSharp_initialises_and_computes()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
        Assert.True(torch.get_num_threads() >= 1);
    }

    [Fact]
    public void The_output_copy_needs_GLIBCXX_3_4_32_only_weakly_where_the_host_lacks_it()
    {
        if (!OperatingSystem.IsLinux()) return; // the patch is Linux-only
        var host = ElfVersionNeeds.HostLibStdCxx();
        Assert.NotNull(host);
        var bytes = File.ReadAllBytes(OutputCopy);
        var flags = ElfVersionNeeds.FlagsOffset(bytes, ElfVersionNeeds.Glibcxx332);
        Assert.NotNull(flags); // TorchSharp 0.107.0's wrapper declares the need
        var weak = (BitConverter.ToUInt16(bytes, flags.Value) & ElfVersionNeeds.VerFlgWeak) != 0;
        Assert.Equal(!ElfVersionNeeds.Defines(host!, ElfVersionNeeds.Glibcxx332), weak);
    }

    [Fact]
    public void Patching_sets_only_the_weak_flag_and_is_idempotent()
    {
        if (!OperatingSystem.IsLinux()) return;
        var bytes = File.ReadAllBytes(OutputCopy);
        var at = ElfVersionNeeds.FlagsOffset(bytes, ElfVersionNeeds.Glibcxx332)!.Value;
        bytes[at] = 0; bytes[at + 1] = 0; // an unpatched copy, as NuGet ships it
        var copy = Path.Combine(_folder, "libLibTorchSharp.so");
        File.WriteAllBytes(copy, bytes);
        var lacking = FakeLibStdCxx("GLIBCXX_3.4.30");

        Assert.Contains("weak", ElfVersionNeeds.WeakenIfHostLacks(copy, ElfVersionNeeds.Glibcxx332, lacking));
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(ElfVersionNeeds.VerFlgWeak, BitConverter.ToUInt16(patched, at));
        Assert.Equal(bytes.Length, patched.Length);
        Assert.Equal(1, bytes.Zip(patched).Count(p => p.First != p.Second)); // one byte changed

        Assert.Contains("already weak", ElfVersionNeeds.WeakenIfHostLacks(copy, ElfVersionNeeds.Glibcxx332, lacking));
        Assert.Equal(patched, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Nothing_is_patched_where_the_host_has_the_version_or_the_file_does_not_need_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var bytes = File.ReadAllBytes(OutputCopy);
        var at = ElfVersionNeeds.FlagsOffset(bytes, ElfVersionNeeds.Glibcxx332)!.Value;
        bytes[at] = 0; bytes[at + 1] = 0;
        var copy = Path.Combine(_folder, "libLibTorchSharp.so");
        File.WriteAllBytes(copy, bytes);

        Assert.Contains("left as it is", ElfVersionNeeds.WeakenIfHostLacks(copy, ElfVersionNeeds.Glibcxx332, FakeLibStdCxx("GLIBCXX_3.4.32")));
        Assert.Equal(bytes, File.ReadAllBytes(copy));
        Assert.Contains("no need", ElfVersionNeeds.WeakenIfHostLacks(copy, "GLIBCXX_9.9.99", FakeLibStdCxx("GLIBCXX_3.4.30")));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.FlagsOffset(new byte[100], ElfVersionNeeds.Glibcxx332));
    }

    private string FakeLibStdCxx(string newestVersion)
    {
        var path = Path.Combine(_folder, $"libstdc++-{newestVersion}.so.6");
        File.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes($"\0GLIBCXX_3.4\0{newestVersion}\0"));
        return path;
    }
}
