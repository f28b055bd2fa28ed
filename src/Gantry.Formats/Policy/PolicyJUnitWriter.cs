using System.Globalization;
using System.Text;
using System.Xml;
using Gantry.Policy;
using Gantry.Policy.Bundles;
using Gantry.Policy.Evaluation;

namespace Gantry.Formats.Policy;

/// <summary>
/// A policy evaluation as JUnit XML for CI dashboards: one test suite per evaluated policy, one test case per
/// fired row (a failure when it counts as STOP) and one passing case per rule that did not fire, so every rule
/// is accounted for; a final <c>final_action</c> case fails when the image is STOP, whatever the reason.
/// WARN and allowlisted rows pass, with the detail in <c>system-out</c>.
/// </summary>
public static class PolicyJUnitWriter
{
    public static void Write(PolicyEvaluation evaluation, Stream output)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var suites = Suites(evaluation);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", $"gantry evaluate {evaluation.Image.FullTag}");
        xml.WriteAttributeString("tests", Count(suites.Sum(s => s.Cases.Count)));
        xml.WriteAttributeString("failures", Count(suites.Sum(s => s.Cases.Count(c => c.Failure is not null))));
        foreach (var suite in suites)
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", suite.Name);
            xml.WriteAttributeString("tests", Count(suite.Cases.Count));
            xml.WriteAttributeString("failures", Count(suite.Cases.Count(c => c.Failure is not null)));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("timestamp", evaluation.EvaluatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            foreach (var test in suite.Cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", test.ClassName);
                xml.WriteAttributeString("name", test.Name);
                if (test.Failure is not null)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", "STOP");
                    xml.WriteAttributeString("message", test.Failure);
                    xml.WriteString(test.Detail);
                    xml.WriteEndElement();
                }
                else
                {
                    xml.WriteElementString("system-out", test.Detail);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private sealed record TestCase(string ClassName, string Name, string? Failure, string Detail);

    private sealed record Suite(string Name, List<TestCase> Cases);

    private static List<Suite> Suites(PolicyEvaluation evaluation)
    {
        var suites = new List<Suite>();
        var policyIds = evaluation.MatchedMapping?.PolicyIds ?? [];
        foreach (var policy in policyIds.Select(evaluation.Bundle.FindPolicy).OfType<BundlePolicy>())
        {
            var cases = new List<TestCase>();
            foreach (var rule in policy.Rules)
            {
                var className = $"{rule.Gate}.{rule.Trigger}";
                var rows = evaluation.Rows.Where(r => r.PolicyId == policy.Id && r.RuleId == rule.Id
                    && string.Equals(r.Gate, rule.Gate, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Trigger, rule.Trigger, StringComparison.OrdinalIgnoreCase)).ToList();
                if (rows.Count == 0)
                {
                    cases.Add(new TestCase(className, $"{rule.Id ?? className}: did not fire", null, $"rule {rule.Id} ({rule.Action.ToWireName()}) did not fire"));
                }

                cases.AddRange(rows.Select(row => RowCase(className, row)));
            }

            suites.Add(new Suite($"{policy.Name ?? policy.Id} ({policy.Id})", cases));
        }

        var final = evaluation.FinalAction.ToWireName().ToUpperInvariant();
        var detail = $"final action {final} ({evaluation.ReasonText}) for {evaluation.Image.FullTag}";
        suites.Add(new Suite("final_action", [new TestCase("gantry.final_action", "final_action", evaluation.FinalAction == GateAction.Stop ? detail : null, detail)]));
        return suites;
    }

    private static TestCase RowCase(string className, EvaluationRow row)
    {
        var action = row.RuleAction.ToWireName().ToUpperInvariant();
        var allowlisted = row.Allowlisted is { } match ? $"; allowlisted by {match.AllowlistName} item {match.MatchedRuleId}" : string.Empty;
        var detail = $"{action}{allowlisted}: {row.CheckOutput} (trigger id {row.TriggerId}, policy {row.PolicyId}, rule {row.RuleId})";
        return new TestCase(className, $"{row.RuleId ?? className}: {row.CheckOutput}", row.EffectiveAction == GateAction.Stop ? row.CheckOutput : null, detail);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
