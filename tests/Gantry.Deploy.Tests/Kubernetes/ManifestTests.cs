using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;
using Gantry.TestKit;

namespace Gantry.Deploy.Tests.Kubernetes;

/// <summary>deploy/kubernetes: valid for the pinned Kubernetes API, hardened, and speaking the settings Gantry reads.</summary>
public sealed partial class ManifestTests
{
    private static readonly Manifests Deploy = Manifests.All;

    [Fact]
    public void Should_List_Every_Manifest_File_In_The_Kustomization()
    {
        var files = Directory.GetFiles(Manifests.Folder, "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml");
        Assert.Equal(files.Order(StringComparer.Ordinal), Deploy.Files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_Validate_Against_The_Pinned_Kubernetes_Api_When_The_Models_Are_Loaded()
    {
        // The typed models are generated from one Kubernetes OpenAPI; a package bump that moves it must be seen here and in docs/deploy.md.
        var swagger = typeof(k8s.KubernetesYaml).Assembly.GetTypes().Single(t => t.FullName == "ThisAssembly")
            .GetField("KubernetesSwaggerVersion", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(null);
        Assert.Equal("v1.37.0", swagger);
    }

    [Fact]
    public void Should_Load_Every_Document_As_Its_Kubernetes_Type()
    {
        var kinds = Deploy.Objects.Select(o => o.GetType().Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["V1ConfigMap", "V1Deployment", "V1Namespace", "V1NetworkPolicy", "V1PodDisruptionBudget", "V1Secret", "V1Service"], kinds);
    }

    [Theory]
    [InlineData("readinessProbe:", "readinesProbe:", "readinesProbe")]
    [InlineData("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "readOnlyRootFileSystem")]
    [InlineData("replicas: 2", "replicas: two", "'two'")]
    [InlineData("kind: Deployment", "kind: Deploymnet", "Deploymnet")]
    public void Should_Refuse_A_Manifest_When_A_Field_Is_Misspelled_Or_Mistyped(string field, string mistake, string named)
    {
        var yaml = File.ReadAllText(Path.Combine(Manifests.Folder, "api.yaml"));
        Assert.Contains(field, yaml);
        var error = Assert.ThrowsAny<Exception>(() => Manifests.Parse(yaml.Replace(field, mistake, StringComparison.Ordinal)));
        Assert.Contains(named, error.Message + error.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Run_One_Deployment_Per_Role()
    {
        var roles = Deploy.Deployments.ToDictionary(d => d.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "GANTRY_ROLE").Value, d => d.Spec.Replicas);
        Assert.Equal(new Dictionary<string, int?> { ["api"] = 2, ["worker"] = 2, ["watcher"] = 2 }, roles);
    }

    [Fact]
    public void Should_Give_Every_Container_Requests_Within_Its_Limits()
    {
        foreach (var container in Deploy.Containers)
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var request = container.Resources.Requests[resource].ToDecimal();
                var limit = container.Resources.Limits[resource].ToDecimal();
                Assert.True(request > 0 && request <= limit, $"{container.Name}: {resource} request {request} is not within its limit {limit}");
            }
        }
    }

    [Fact]
    public void Should_Probe_The_Api_On_Health_When_It_Serves_Port_8228()
    {
        var container = Deploy.Deployment("gantry-api").Spec.Template.Spec.Containers.Single();
        var port = container.Ports.Single();
        Assert.Equal(("http", 8228), (port.Name, port.ContainerPort));
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
        {
            Assert.Equal("/health", probe.HttpGet.Path);
            Assert.Equal("http", probe.HttpGet.Port.Value);
        }

        var service = Deploy.Objects.OfType<V1Service>().Single(s => s.Metadata.Name == "gantry-api");
        Assert.Equal((8228, "http"), (service.Spec.Ports.Single().Port, service.Spec.Ports.Single().TargetPort.Value));
    }

    [Fact]
    public void Should_Select_The_Pods_Of_Its_Own_Deployment_When_A_Service_Or_Budget_Names_A_Component()
    {
        foreach (var deployment in Deploy.Deployments)
        {
            Assert.True(IsSubset(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels), deployment.Metadata.Name);
        }

        foreach (var service in Deploy.Objects.OfType<V1Service>())
        {
            Assert.Contains(Deploy.Deployments, d => IsSubset(service.Spec.Selector, d.Spec.Template.Metadata.Labels));
        }
    }

    [Fact]
    public void Should_Run_Every_Pod_As_The_Image_User_With_A_Read_Only_Root()
    {
        var imageUser = long.Parse(ImageUid().Match(File.ReadAllText(BuildScript)).Groups[1].Value);
        foreach (var pod in Deploy.Deployments.Select(d => d.Spec.Template.Spec))
        {
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.Equal(imageUser, pod.SecurityContext.RunAsUser);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.False(pod.AutomountServiceAccountToken);
            foreach (var container in pod.Containers)
            {
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
                // The writable places are emptyDirs: GANTRY_DATA, the caches and the vulnerability database under the home, and /tmp.
                var emptyDirs = pod.Volumes.Where(v => v.EmptyDir is not null).Select(v => v.Name).ToHashSet();
                var writable = container.VolumeMounts.Where(m => emptyDirs.Contains(m.Name)).Select(m => m.MountPath);
                Assert.Equal(["/tmp", "/var/lib/gantry"], writable.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Should_Keep_Every_Setting_Under_The_Writable_Home_When_It_Is_A_Path()
    {
        var config = Deploy.Objects.OfType<V1ConfigMap>().Single();
        foreach (var name in new[] { "GANTRY_DATA", "GANTRY_CACHE_DIR", "GANTRY_DB" })
        {
            Assert.StartsWith("/var/lib/gantry/", config.Data[name], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_Use_Only_Settings_Gantry_Reads()
    {
        var config = Deploy.Objects.OfType<V1ConfigMap>().Single();
        var secret = Deploy.Objects.OfType<V1Secret>().Single();
        var names = config.Data.Keys.Concat(secret.StringData.Keys).Concat(Deploy.Containers.SelectMany(c => c.Env.Select(e => e.Name))).ToHashSet();
        var source = string.Join('\n', Directory.EnumerateFiles(Path.Combine(SharedPaths.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var unknown = names.Where(name => !source.Contains($"\"{name}\"", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.True(!unknown.Any(), "no source under src/ reads " + string.Join(", ", unknown));
    }

    [Fact]
    public void Should_Mark_Every_Secret_Value_As_A_Placeholder()
    {
        var secret = Deploy.Objects.OfType<V1Secret>().Single();
        Assert.Equal(["GANTRY_ADMIN_PASSWORD", "GANTRY_POSTGRES", "GANTRY_SECRET_KEY"], secret.StringData.Keys.Order(StringComparer.Ordinal));
        Assert.All(secret.StringData.Values, value => Assert.Contains("CHANGE-ME", value, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Name_The_Image_The_Kustomization_Rewrites_When_A_Container_Runs_Gantry()
    {
        Assert.Equal(["gantry"], Deploy.Images);
        Assert.All(Deploy.Containers, container => Assert.Equal("gantry", container.Image));
    }

    private static string BuildScript => Path.Combine(SharedPaths.RepositoryRoot, "scripts", "build-container-image.sh");

    private static bool IsSubset(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    [GeneratedRegex(@"^uid=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex ImageUid();
}
