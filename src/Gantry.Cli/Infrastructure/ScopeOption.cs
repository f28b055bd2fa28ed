using System.CommandLine;
using Gantry.Engine;

namespace Gantry.Cli.Infrastructure;

/// <summary><c>--scope squashed|all-layers</c>: which file system the catalogers read, as Syft's option of the same name.</summary>
internal sealed class ScopeOption
{
    private readonly Option<string> _scope = new("--scope")
    {
        Description = "squashed: the final image (default); all-layers: also packages a later layer deleted or replaced, marked as removed",
        DefaultValueFactory = _ => "squashed",
    };

    public ScopeOption() => _scope.AcceptOnlyFromAmong("squashed", "all-layers");

    public void AddTo(Command command) => command.Options.Add(_scope);

    public SbomScope Read(ParseResult parseResult) => parseResult.GetValue(_scope) == "all-layers" ? SbomScope.AllLayers : SbomScope.Squashed;
}
