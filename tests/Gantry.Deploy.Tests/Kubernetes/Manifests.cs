using k8s;
using k8s.Models;
using Gantry.TestKit;
using YamlDotNet.RepresentationModel;

namespace Gantry.Deploy.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes as kustomize sees it: the files its kustomization.yaml lists, each document deserialized strictly
/// into KubernetesClient's typed models (generated from the Kubernetes OpenAPI), so an unknown field, a misspelled
/// one or a value of the wrong type fails to load.
/// </summary>
public sealed class Manifests
{
    public static readonly string Folder = Path.Combine(SharedPaths.RepositoryRoot, "deploy", "kubernetes");

    private static readonly Lazy<Manifests> Loaded = new(() => new Manifests());

    private Manifests()
    {
        var kustomization = LoadMapping(Path.Combine(Folder, "kustomization.yaml"));
        Files = [.. Sequence(kustomization, "resources").Select(item => ((YamlScalarNode)item).Value!)];
        Images = [.. Sequence(kustomization, "images").Cast<YamlMappingNode>().Select(image => ((YamlScalarNode)image["name"]).Value!)];
        Objects = [.. Files.SelectMany(file => Parse(File.ReadAllText(Path.Combine(Folder, file))))];
    }

    public static Manifests All => Loaded.Value;

    /// <summary>The <c>resources</c> of kustomization.yaml, in order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The image names kustomization.yaml rewrites (<c>images[].name</c>).</summary>
    public IReadOnlyList<string> Images { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1Container> Containers => Deployments.SelectMany(d => d.Spec.Template.Spec.Containers);

    public V1Deployment Deployment(string name) => Deployments.Single(d => d.Metadata.Name == name);

    /// <summary>Every document of a manifest file as its Kubernetes type; throws on anything the API would not accept by name or type.</summary>
    public static IList<object> Parse(string yaml) => KubernetesYaml.LoadAllFromString(yaml, strict: true);

    private static YamlMappingNode LoadMapping(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlSequenceNode Sequence(YamlMappingNode mapping, string key) => (YamlSequenceNode)mapping[key];
}
