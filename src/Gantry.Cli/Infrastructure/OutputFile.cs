using System.Runtime.InteropServices;

namespace Gantry.Cli.Infrastructure;

/// <summary>
/// Writes a report to a path so that a failed run leaves nothing half-written: a regular file (new or existing) is
/// written under a temporary name beside it and renamed over it when complete. A symbolic link is followed to the file
/// it names, and a path that is not a regular file (<c>/dev/null</c>, <c>/dev/stdout</c>, a named pipe) is written in
/// place: renaming over it would replace the device or pipe with a plain file.
/// </summary>
internal static partial class OutputFile
{
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        // statx follows links, so /dev/stdout (a link to /proc/self/fd/1, itself a link to a pipe) counts as special.
        if (IsSpecialFile(path))
        {
            await using var special = new FileStream(path, FileMode.Open, FileAccess.Write);
            await write(special);
            return;
        }

        var file = new FileInfo(path);
        var target = Path.GetFullPath(file.LinkTarget is null ? path : file.ResolveLinkTarget(returnFinalTarget: true)!.FullName);

        var temporary = $"{target}.tmp-{Environment.ProcessId}";
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await write(stream);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>True for an existing character or block device, pipe or socket (Linux <c>statx</c>; elsewhere never).</summary>
    private static bool IsSpecialFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // struct statx is the kernel's, the same on every architecture: stx_mode is the u16 at offset 28.
        const int AtCurrentDirectory = -100, StatxType = 0x1, ModeOffset = 28, TypeMask = 0xF000, RegularFile = 0x8000, Directory = 0x4000;
        var buffer = new byte[256];
        if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
        {
            return false;
        }

        var type = BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask;
        return type is not (RegularFile or Directory);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);
}
