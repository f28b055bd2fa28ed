using Gantry.Cataloging.Common;
using Gantry.Images.FileSystem;

namespace Gantry.Cataloging.Binary;

/// <summary>
/// Runs the <see cref="BinaryClassifiers"/> over executables and the classifiers' libraries as the walk streams them.
/// It only searches front to back, so it needs no random access: alone on a file (a 47 MB <c>libnode.so</c> that is not
/// executable) it reads the layer's stream directly. The facts are the classifier's product, the prefix the file's name
/// gave, the version and the matched text; <see cref="BinaryCataloger"/> names the file in the evidence, so a hard link
/// under another name is judged by its own name as before.
/// </summary>
internal sealed class BinaryClassifierExtractor : IFileExtractor
{
    public const string ExtractorName = "binary-classifier";

    /// <summary>Bytes read per step; the last <see cref="BinaryClassifier.Window"/> bytes are kept for an anchor across two steps.</summary>
    private const int Chunk = 256 * 1024;

    public string Name => ExtractorName;

    public IReadOnlyList<string> Globs { get; } = [.. ExecutableFiles.Globs, .. BinaryClassifiers.LibraryGlobs];

    public bool NeedsRandomAccess => false;

    public byte[]? Extract(FileExtractSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Classify(BinaryClassifiers.All, source) is { } hit
            ? ExtractFacts.Write(("product", hit.Classifier.Product), ("prefix", hit.Prefix), ("version", hit.Version), ("found", hit.Found))
            : null;
    }

    /// <summary>
    /// The first classifier (in list order) whose name matches the file's and whose version string is in it, found in
    /// one forward pass: each anchor occurrence is judged once its whole window has been read (or the file ended).
    /// </summary>
    internal static (BinaryClassifier Classifier, string Prefix, string Version, string Found)? Classify(IReadOnlyList<BinaryClassifier> classifiers,
        FileExtractSource source)
    {
        var name = source.Path[(source.Path.LastIndexOf('/') + 1)..];
        var searches = classifiers
            .Select(c => (Classifier: c, Prefix: c.PrefixFor(name)))
            .Where(s => s.Prefix is not null)
            .Select(s => new Search(s.Classifier, s.Prefix!, s.Classifier.AnchorFor(s.Prefix!)))
            .ToList();
        if (searches.Count == 0)
        {
            return null;
        }

        var buffer = new byte[Chunk + BinaryClassifier.Window];
        var length = 0;
        long offset = 0;
        while (true)
        {
            var read = source.ReadAt(offset, buffer.AsSpan(length));
            offset += read;
            length += read;
            var end = offset >= source.Length;
            var decided = end ? length : length - BinaryClassifier.Window;
            var span = buffer.AsSpan(0, length);
            foreach (var search in searches.Where(s => s.Result is null))
            {
                for (var at = span.IndexOf(search.Anchor); at >= 0 && at < decided;)
                {
                    if (search.Classifier.MatchAt(span[at..]) is { } hit)
                    {
                        search.Result = hit;
                        break;
                    }

                    var next = span[(at + 1)..].IndexOf(search.Anchor);
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }

            if (end || searches.TrueForAll(s => s.Result is not null))
            {
                break;
            }

            // Occurrences before 'decided' are judged; the rest (and a partial anchor) are kept for the next step.
            buffer.AsSpan(decided, length - decided).CopyTo(buffer);
            length -= decided;
        }

        return searches.FirstOrDefault(s => s.Result is not null) is { Result: { } result } first
            ? (first.Classifier, first.Prefix, result.Version, result.Found)
            : null;
    }

    private sealed class Search(BinaryClassifier classifier, string prefix, byte[] anchor)
    {
        public BinaryClassifier Classifier => classifier;

        public string Prefix => prefix;

        public byte[] Anchor => anchor;

        public (string Version, string Found)? Result { get; set; }
    }
}
