using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

// Compiled twice: as an MSBuild inline task by TorchNative.targets, and into the tests (FSE_TESTS), which pin the patch.
namespace FilmScoreEmotion.Build
{
    /// <summary>One version requirement (Elf64_Vernaux) of a shared object: the library it is needed from, the
    /// version name, its flags, and the file offset of its vna_flags field
    /// (a class, not a record: MSBuild compiles inline tasks against a framework without init accessors.)</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string version, ushort flags, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        public string File { get; }
        public string Version { get; }
        public ushort Flags { get; }
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfVersionNeeds.VerFlgWeak) != 0;
    }

    public static class ElfVersionNeeds
    {
        public const ushort VerFlgWeak = 0x2;
        public const string TorchSharpGlue = "libLibTorchSharp.so";
        public const string WantedGlibcxx = "GLIBCXX_3.4.32";
        const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Every version requirement in the .gnu.version_r section of a 64-bit little-endian ELF image.</summary>
        public static IReadOnlyList<VersionNeed> Read(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("not a 64-bit little-endian ELF file");
            long shOff = (long)BitConverter.ToUInt64(elf, 0x28);
            int shEntSize = BitConverter.ToUInt16(elf, 0x3A);
            int shNum = BitConverter.ToUInt16(elf, 0x3C);
            var needs = new List<VersionNeed>();
            for (int i = 0; i < shNum; i++)
            {
                long sh = shOff + (long)i * shEntSize;
                if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed)
                    continue;
                long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
                int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
                int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
                long strtab = (long)BitConverter.ToUInt64(elf, (int)(shOff + (long)link * shEntSize + 0x18));
                long vn = offset;
                for (int n = 0; n < count; n++)
                {
                    int auxCount = BitConverter.ToUInt16(elf, (int)vn + 2);
                    string file = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)vn + 4));
                    long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                        string name = CString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                        needs.Add(new VersionNeed(file, name, flags, aux + 4));
                        aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                    }
                    vn += BitConverter.ToUInt32(elf, (int)vn + 12);
                }
            }
            return needs;
        }

        /// <summary>A copy of the image with the named version requirement marked weak; the loader then accepts the
        /// file on hosts that lack that version, and only calls into its symbols would fail.</summary>
        public static byte[] MarkWeak(byte[] elf, string version)
        {
            var patched = (byte[])elf.Clone();
            foreach (var need in Read(elf).Where(n => n.Version == version))
            {
                var flags = BitConverter.GetBytes((ushort)(need.Flags | VerFlgWeak));
                patched[need.FlagsOffset] = flags[0];
                patched[need.FlagsOffset + 1] = flags[1];
            }
            return patched;
        }

        /// <summary>Whether a libstdc++ image defines the version (its name is in the dynamic string table).</summary>
        public static bool Defines(byte[] libstdcxx, string version)
        {
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= libstdcxx.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && libstdcxx[i + k] == needle[k])
                    k++;
                if (k == needle.Length)
                    return true;
            }
            return false;
        }

        public static readonly string[] LibstdcxxCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };

        /// <summary>True where the host's libstdc++ lacks the version TorchSharp's glue asks for. A host with no
        /// libstdc++ at a known path counts as lacking it: the weak flag is harmless where the version exists.</summary>
        public static bool HostLacks(string version)
        {
            var found = LibstdcxxCandidates.Where(System.IO.File.Exists).ToList();
            return found.Count == 0 || !found.Any(p => Defines(System.IO.File.ReadAllBytes(p), version));
        }

        static string CString(byte[] bytes, long start)
        {
            long end = start;
            while (end < bytes.Length && bytes[end] != 0)
                end++;
            return Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
        }
    }

#if !FSE_TESTS
    public sealed class WeakenMissingGlibcxx : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string[] Directories { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            if (!ElfVersionNeeds.HostLacks(ElfVersionNeeds.WantedGlibcxx))
                return true;
            foreach (var dir in Directories.Where(Directory.Exists))
            {
                foreach (var path in Directory.EnumerateFiles(dir, ElfVersionNeeds.TorchSharpGlue, SearchOption.AllDirectories))
                {
                    var elf = File.ReadAllBytes(path);
                    if (ElfVersionNeeds.Read(elf).All(n => n.Version != ElfVersionNeeds.WantedGlibcxx || n.IsWeak))
                        continue;
                    var tmp = path + ".weak.tmp";
                    File.WriteAllBytes(tmp, ElfVersionNeeds.MarkWeak(elf, ElfVersionNeeds.WantedGlibcxx));
                    File.Replace(tmp, path, null);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        $"Marked {ElfVersionNeeds.WantedGlibcxx} weak in {path} (host libstdc++ lacks it)");
                }
            }
            return true;
        }
    }
#endif
}
