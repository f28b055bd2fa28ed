using System.Text.Json;
using Gantry.Core;
using Gantry.Formats.Policy;
using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;

namespace Gantry.Formats.Tests.Policy;

public class AnchoreResultWriterTests
{
    private const string BundleJson = """
        {
          "id": "bundle1", "version": "1_0", "name": "stop always",
          "policies": [ { "id": "policy1", "version": "1_0", "name": "p",
                          "rules": [ { "id": "rule1", "gate": "always", "trigger": "always", "action": "STOP", "params": [] } ] } ],
          "whitelists": [],
          "mappings": [ { "id": "m1", "name": "all", "registry": "*", "repository": "*", "image": { "type": "tag", "value": "*" },
                          "policy_ids": ["policy1"], "whitelist_ids": [] } ]
        }
        """;

    [Fact]
    public void Should_Write_Anchores_Table_Shape_When_Serializing_An_Evaluation()
    {
        var input = new PolicyInput
        {
            Image = PolicyImage.Parse("docker.io/gantry/build-test:latest", "5f2d0c8b7a61e3a09c4d1b2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708"),
            Sbom = new Sbom { Source = new ImageDescription { Input = "docker-archive:app.tar", Kind = "docker-archive" } },
        };
        var evaluation = new PolicyEvaluator().Evaluate(BundleLoader.Parse(BundleJson).Bundle!, input);
        using var stream = new MemoryStream();

        AnchoreResultWriter.Write(evaluation, stream);

        using var document = JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;
        var imageId = evaluation.Image.ImageId!;
        Assert.Equal(("stop", "policy_evaluation", "docker.io/gantry/build-test:latest"),
            (root.GetProperty("final_action").GetString(), root.GetProperty("final_action_reason").GetString(), root.GetProperty("tag").GetString()));
        Assert.Equal(JsonValueKind.False, root.GetProperty("matched_blacklisted_images_rule").ValueKind);
        Assert.Equal("bundle1", root.GetProperty("bundle").GetProperty("id").GetString());
        var result = root.GetProperty("result").GetProperty(imageId).GetProperty("result");
        Assert.Equal(AnchoreResultWriter.Header, result.GetProperty("header").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(1, result.GetProperty("row_count").GetInt32());
        var row = result.GetProperty("rows")[0];
        Assert.Equal([imageId, "docker.io/gantry/build-test:latest", "always", "always", "always"], row.EnumerateArray().Take(5).Select(c => c.GetString()));
        Assert.Equal(("stop", JsonValueKind.False, "policy1"), (row[6].GetString(), row[7].ValueKind, row[8].GetString()));
    }
}
