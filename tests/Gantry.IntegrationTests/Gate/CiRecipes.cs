using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Gantry.IntegrationTests.Gate;

/// <summary>
/// The <c>gantry …</c> command lines of the CI recipes in <c>examples/ci</c>: from every YAML scalar (the YAML must
/// parse) or, for the Jenkinsfile, from its <c>sh</c> steps; shell line continuations joined, variables substituted,
/// words split as a POSIX shell would for the quoting the recipes use.
/// </summary>
internal static partial class CiRecipes
{
    public static readonly string[] Files =
    [
        "Jenkinsfile", "codefresh.yml", "github-workflow.yml", ".gitlab-ci.yml",
        "Jenkinsfile.notary", "codefresh-notary.yml", "github-workflow-notary.yml", ".gitlab-ci-notary.yml",
    ];

    public static string Folder => Path.Combine(TestKit.SharedPaths.RepositoryRoot, "examples", "ci");

    public static IReadOnlyList<string> GantryLines(string file)
    {
        var text = File.ReadAllText(Path.Combine(Folder, file));
        var scripts = file.StartsWith("Jenkinsfile", StringComparison.Ordinal) ? ShellSteps(text) : YamlScalars(text);
        return scripts
            .SelectMany(script => ContinuationPattern().Replace(script, " ").Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("gantry ", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Substitutes <c>$NAME</c> / <c>${NAME}</c> and splits into words; an unknown variable fails the test.</summary>
    public static string[] Words(string line, IReadOnlyDictionary<string, string> variables)
    {
        var substituted = VariablePattern().Replace(line, m =>
            variables.TryGetValue(m.Groups["name"].Value, out var value) ? value : throw new Xunit.Sdk.XunitException($"{line}: variable ${m.Groups["name"].Value} has no test value"));
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in substituted)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        Assert.True(quote is null, $"{line}: unbalanced quote");
        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words.ToArray();
    }

    private static IEnumerable<string> ShellSteps(string jenkinsfile) =>
        ShellStepPattern().Matches(jenkinsfile).Select(m => m.Groups["script"].Value);

    private static List<string> YamlScalars(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var scalars = new List<string>();
        void Visit(YamlNode node)
        {
            switch (node)
            {
                case YamlScalarNode scalar when scalar.Value is not null:
                    scalars.Add(scalar.Value);
                    break;
                case YamlSequenceNode sequence:
                    sequence.Children.ToList().ForEach(Visit);
                    break;
                case YamlMappingNode mapping:
                    mapping.Children.Values.ToList().ForEach(Visit);
                    break;
            }
        }

        stream.Documents.ToList().ForEach(d => Visit(d.RootNode));
        return scalars;
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationPattern();

    [GeneratedRegex(@"\$(?:\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"\bsh\s+(?:'''(?<script>.*?)'''|""""""(?<script>.*?)""""""|'(?<script>[^'\n]*)'|""(?<script>[^""\n]*)"")", RegexOptions.Singleline)]
    private static partial Regex ShellStepPattern();
}
