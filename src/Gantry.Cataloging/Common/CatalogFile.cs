using Gantry.Core;

namespace Gantry.Cataloging.Common;

/// <summary>One buffered file handed to a parser, with where it was found.</summary>
internal sealed record CatalogFile(string Path, Location Location, ReadOnlyMemory<byte> Content)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Content.Span);
}
