using Gantry.Images.FileSystem;

namespace Gantry.Images.Layers;

/// <summary>
/// The extractors of a walk and which of them read a given entry: one <see cref="PathRequestSet"/> over all their globs
/// answers the common "none" cheaply, then each extractor's own set says whether it reads the file.
/// </summary>
internal sealed class ExtractorSet
{
    private readonly PathRequestSet _any;
    private readonly (IFileExtractor Extractor, PathRequestSet Globs)[] _extractors;

    /// <summary>Each extractor alone, the answer of <see cref="For"/> for nearly every file some extractor reads.</summary>
    private readonly IFileExtractor[][] _alone;

    public ExtractorSet(IEnumerable<IFileExtractor> extractors)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        _extractors = [.. extractors.DistinctBy(e => e.Name, StringComparer.Ordinal).Select(e => (e, new PathRequestSet(e.Globs)))];
        _any = new PathRequestSet(_extractors.SelectMany(e => e.Extractor.Globs));
        _alone = [.. _extractors.Select(e => new[] { e.Extractor })];
    }

    public IEnumerable<IFileExtractor> All => _extractors.Select(e => e.Extractor);

    /// <summary>
    /// What the extracts of a layer depend on: each extractor's name and globs (part of the layer cache's key). From the
    /// extractors themselves, without building the sets: the key is needed before the walk, the sets only during it.
    /// </summary>
    public static string FingerprintOf(IEnumerable<IFileExtractor> extractors) =>
        string.Join('\n', extractors.DistinctBy(e => e.Name, StringComparer.Ordinal).OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => e.Name + ":" + string.Join(',', e.Globs)));

    /// <summary>The extractors reading a regular file (or hard link) at <paramref name="path"/> with <paramref name="mode"/>; empty for most files.</summary>
    public IReadOnlyList<IFileExtractor> For(string path, int mode)
    {
        if (_extractors.Length == 0 || !_any.IsRequested(path, mode))
        {
            return [];
        }

        var first = -1;
        List<IFileExtractor>? several = null;
        for (var i = 0; i < _extractors.Length; i++)
        {
            if (!_extractors[i].Globs.IsRequested(path, mode))
            {
                continue;
            }

            if (first < 0)
            {
                first = i;
            }
            else
            {
                (several ??= [_extractors[first].Extractor]).Add(_extractors[i].Extractor);
            }
        }

        return several is not null ? several : first < 0 ? [] : _alone[first];
    }
}
