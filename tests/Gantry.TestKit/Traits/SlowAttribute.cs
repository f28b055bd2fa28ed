using Xunit.Abstractions;
using Xunit.Sdk;

namespace Gantry.TestKit.Traits;

/// <summary>What makes a test slow: each is seconds to minutes on a cold machine, so <c>./test.sh --fast</c> skips it.</summary>
public enum SlowBecause
{
    /// <summary>Builds or reads a real image (debootstrap, the app image, cached build scripts).</summary>
    RealImage,

    /// <summary>Starts Debian's docker-registry.</summary>
    Registry,

    /// <summary>Starts Debian's notary-server or runs the notary client.</summary>
    Notary,

    /// <summary>Runs or installs an external tool (dpkg, rpm, python, ruby, npm, openssl, go, skopeo…).</summary>
    ExternalTool,

    /// <summary>Imports the whole corpus into a vulnerability database.</summary>
    CorpusDatabase,

    /// <summary>Serves HTTP on a loopback port.</summary>
    LoopbackServer,

    /// <summary>Writes and streams hundreds of megabytes.</summary>
    LargeData,
}

/// <summary>
/// Marks a test or a test class as slow: it gets the traits <c>Speed=Slow</c> (what <c>./test.sh --fast</c> filters
/// out) and <c>SlowBecause=REASON</c> (to run one kind alone, e.g. <c>--filter SlowBecause=Registry</c>).
/// </summary>
[TraitDiscoverer("Gantry.TestKit.Traits.SlowTraitDiscoverer", "Gantry.TestKit")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SlowAttribute(SlowBecause because) : Attribute, ITraitAttribute
{
    public SlowBecause Because { get; } = because;
}

/// <summary>Turns <see cref="SlowAttribute"/> into the traits the test runner filters on.</summary>
public sealed class SlowTraitDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new("Speed", "Slow");
        yield return new(nameof(SlowBecause), traitAttribute.GetNamedArgument<SlowBecause>(nameof(SlowAttribute.Because)).ToString());
    }
}
