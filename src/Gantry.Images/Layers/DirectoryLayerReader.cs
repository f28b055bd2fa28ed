using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers;

/// <summary>
/// Indexes a root file system folder (<c>dir:</c> source) as a single layer. Symlinks are recorded,
/// never followed, so the walk cannot leave the folder.
/// </summary>
internal static class DirectoryLayerReader
{
    public static async Task<LayerIndex> ReadAsync(string root, PathRequestSet requests, AnalysisLimits limits, BufferBudget budget,
        ExtractorSet extractors, CancellationToken cancellationToken)
    {
        var builder = new LayerIndexBuilder(new LayerIndex(0, string.Empty), requests, limits, budget, extractors);
        var pending = new Stack<(string HostPath, string ImagePath)>();
        pending.Push((Path.GetFullPath(root), string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (hostDir, imageDir) = pending.Pop();
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = new DirectoryInfo(hostDir).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                builder.Diagnose(DiagnosticCodes.MalformedFile, $"folder '{imageDir}/' cannot be read: {ex.Message}", imageDir + "/");
                continue;
            }

            foreach (var info in children)
            {
                var imagePath = imageDir + "/" + info.Name;
                var mode = OperatingSystem.IsWindows() ? 0 : (int)info.UnixFileMode;
                if (info.LinkTarget is { } target)
                {
                    builder.Add(imagePath, FileKind.Symlink, 0, mode, 0, 0, target);
                }
                else if (info is DirectoryInfo)
                {
                    builder.Add(imagePath, FileKind.Directory, 0, mode, 0, 0, null);
                    pending.Push((info.FullName, imagePath));
                }
                else if (info is FileInfo file && (file.Attributes & (FileAttributes.Device | FileAttributes.System)) == 0)
                {
                    var request = builder.Add(imagePath, FileKind.File, file.Length, mode, 0, 0, null);
                    if (request is { } read)
                    {
                        try
                        {
                            if (read.Buffer)
                            {
                                builder.SetContent(read.Path, await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false));
                            }

                            if (read.Extractors.Count > 0)
                            {
                                // Extractors read the host file in place: nothing is copied, whatever its size.
                                builder.Extract(read, file.FullName, file.Length);
                            }
                        }
                        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                        {
                            builder.Diagnose(DiagnosticCodes.MalformedFile, $"'{imagePath}' cannot be read: {ex.Message}", imagePath);
                        }
                    }
                }
                else
                {
                    builder.Add(imagePath, FileKind.Other, 0, mode, 0, 0, null);
                }
            }
        }

        return builder.Layer;
    }
}
