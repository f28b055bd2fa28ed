namespace Gantry.Core;

/// <summary>The <see cref="Package.Metadata"/> keys that catalogers write and other assemblies read.</summary>
public static class MetadataKeys
{
    /// <summary>dpkg: the source package a binary package was built from.</summary>
    public const string SourceName = "sourceName";

    /// <summary>dpkg: the source package's version, when it differs from the binary's.</summary>
    public const string SourceVersion = "sourceVersion";

    /// <summary>apk: the origin (source) package.</summary>
    public const string Origin = "origin";

    /// <summary>rpm: the source rpm file name, <c>NAME-VERSION-RELEASE.src.rpm</c>.</summary>
    public const string SourceRpm = "sourceRpm";

    /// <summary>rpm: the module stream a package was built in, <c>NAME:STREAM:VERSION:CONTEXT</c> (Red Hat modularity).</summary>
    public const string ModularityLabel = "modularityLabel";

    /// <summary>Java: the Maven coordinates read from the archive.</summary>
    public const string GroupId = "groupId";

    public const string ArtifactId = "artifactId";

    /// <summary>Dart: where a locked package comes from (<c>hosted</c>, <c>git</c>, <c>path</c>, <c>sdk</c>); only hosted ones are on pub.dev.</summary>
    public const string PubSource = "source";

    /// <summary>Go: the functions the binary links per package path of the module (<see cref="Core.GoSymbols"/>); absent when the symbol table could not be read.</summary>
    public const string GoSymbols = "goSymbols";

    /// <summary>Go: why the binary's symbol table could not be read, when it could not.</summary>
    public const string GoSymbolsError = "goSymbolsError";

    /// <summary>Go: the target operating system of the binary (build setting <c>GOOS</c>).</summary>
    public const string GoOs = "goos";

    /// <summary>Go: the target architecture of the binary (build setting <c>GOARCH</c>).</summary>
    public const string Architecture = "architecture";
}
