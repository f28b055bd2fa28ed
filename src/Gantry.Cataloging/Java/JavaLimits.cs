namespace Gantry.Cataloging.Java;

/// <summary>Bounds that keep hostile archives (zip bombs, deep nesting, millions of entries) cheap to scan.</summary>
internal static class JavaLimits
{
    /// <summary>Archives inside archives are opened to this depth (a WAR's WEB-INF/lib jar is depth 1).</summary>
    public const int MaxNestingDepth = 4;

    /// <summary>Entries looked at in one archive.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Largest metadata file (pom.properties, pom.xml, MANIFEST.MF) read, decompressed.</summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    /// <summary>Largest nested archive decompressed into memory.</summary>
    public const int MaxNestedArchiveBytes = 32 * 1024 * 1024;

    /// <summary>Bytes decompressed in total for one top-level archive and everything nested in it.</summary>
    public const long MaxDecompressedBytesPerArchive = 256L * 1024 * 1024;
}
