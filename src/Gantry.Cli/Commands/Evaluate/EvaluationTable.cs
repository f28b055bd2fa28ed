using Gantry.Policy;
using Gantry.Policy.Evaluation;
using Spectre.Console;

namespace Gantry.Cli.Commands.Evaluate;

/// <summary>
/// The terminal view of an evaluation: Anchore's columns (Gate, Trigger, Check output, Action, Allowlisted,
/// Policy id, Trigger id), worst rows first, then the warnings and the final action with its reason.
/// </summary>
internal static class EvaluationTable
{
    public static void Write(PolicyEvaluation evaluation, IReadOnlyList<string> notes, Stream output, bool colored)
    {
        using var writer = new StreamWriter(output, leaveOpen: true);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colored ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colored ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        writer.WriteLine($"Image: {evaluation.Image.FullTag}");
        writer.WriteLine($"Bundle: {evaluation.Bundle.Name ?? evaluation.Bundle.Id}; mapping: {evaluation.MatchedMapping?.Name ?? evaluation.MatchedMapping?.Id ?? "none matched"}");
        writer.Flush();
        if (evaluation.Rows.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("GATE", "TRIGGER", "CHECK OUTPUT", "ACTION", "ALLOWLISTED", "POLICY ID", "TRIGGER ID");
            foreach (var row in evaluation.Rows.OrderBy(r => r.EffectiveAction).ThenBy(r => r.Gate, StringComparer.Ordinal).ThenBy(r => r.Trigger, StringComparer.Ordinal))
            {
                table.AddRow(
                    Markup.Escape(row.Gate),
                    Markup.Escape(row.Trigger),
                    Markup.Escape(row.CheckOutput),
                    ActionMarkup(row.RuleAction),
                    Markup.Escape(row.Allowlisted is { } match ? $"{match.AllowlistName} ({match.MatchedRuleId})" : "no"),
                    Markup.Escape(row.PolicyId),
                    Markup.Escape(row.TriggerId));
            }

            console.Write(table);
        }
        else
        {
            writer.WriteLine("No rule fired.");
        }

        foreach (var line in evaluation.Warnings.Concat(notes))
        {
            writer.WriteLine($"warning: {line}");
        }

        writer.Flush();
        console.MarkupLine($"Final action: {ActionMarkup(evaluation.FinalAction)} (reason: {Markup.Escape(evaluation.ReasonText)}){Markup.Escape(ReasonDetail(evaluation))}");
    }

    private static string ReasonDetail(PolicyEvaluation evaluation) => evaluation.Reason switch
    {
        FinalActionReason.Blacklisted => $", denied by rule {evaluation.MatchedDeniedImage?.Name ?? evaluation.MatchedDeniedImage?.Id}",
        FinalActionReason.Whitelisted => $", allowed by rule {evaluation.MatchedAllowedImage?.Name ?? evaluation.MatchedAllowedImage?.Id}",
        _ => $": {evaluation.Rows.Count(r => r.EffectiveAction == GateAction.Stop)} STOP, {evaluation.Rows.Count(r => r.EffectiveAction == GateAction.Warn)} WARN, {evaluation.Rows.Count(r => r.Allowlisted is not null)} allowlisted",
    };

    private static string ActionMarkup(GateAction action) => action switch
    {
        GateAction.Stop => "[red]STOP[/]",
        GateAction.Warn => "[yellow]WARN[/]",
        _ => "[green]GO[/]",
    };
}
