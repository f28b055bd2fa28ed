using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Gantry.Cataloging.Common;

/// <summary>
/// Loads a YAML file whose root is a mapping. YamlDotNet builds its node tree recursively, so a hostile file nested
/// thousands deep would overflow the stack (which no handler can catch): the nesting is first counted on the parser's
/// event stream, which is not recursive, and a file deeper than any lock file is refused.
/// </summary>
internal static class YamlDocuments
{
    private const int MaxDepth = 64;

    public static YamlMappingNode LoadMapping(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth)
            {
                throw new FormatException($"it is nested more than {MaxDepth} levels deep");
            }

            if (parser.Current is MappingEnd or SequenceEnd)
            {
                depth--;
            }
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new FormatException("expected a YAML mapping");
    }
}
