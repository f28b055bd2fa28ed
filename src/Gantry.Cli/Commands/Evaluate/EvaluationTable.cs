using Gantry.Engine.Evaluation;
using Spectre.Console;

namespace Gantry.Cli.Commands.Evaluate;

/// <summary>
/// The terminal view of an evaluation: Anchore's columns (Gate, Trigger, Check output, Action, Allowlisted,
/// Policy id, Trigger id), worst rows first, then the warnings and the final action with its reason.
/// </summary>
internal static class EvaluationTable
{
    public static void Write(EvaluationReport evaluation, Stream output, bool colored)
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
        writer.WriteLine($"Image: {evaluation.Image}");
        writer.WriteLine($"Bundle: {evaluation.Bundle}; mapping: {evaluation.Mapping ?? "none matched"}");
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
                    ActionMarkup(row.Action),
                    Markup.Escape(row.Allowlisted ?? "no"),
                    Markup.Escape(row.PolicyId),
                    Markup.Escape(row.TriggerId));
            }

            console.Write(table);
        }
        else
        {
            writer.WriteLine("No rule fired.");
        }

        foreach (var line in evaluation.Warnings)
        {
            writer.WriteLine($"warning: {line}");
        }

        writer.Flush();
        console.MarkupLine($"Final action: {ActionMarkup(evaluation.FinalAction)} (reason: {Markup.Escape(evaluation.ReasonText)}){Markup.Escape(evaluation.ReasonDetail)}");
    }

    private static string ActionMarkup(Verdict action) => action switch
    {
        Verdict.Stop => "[red]STOP[/]",
        Verdict.Warn => "[yellow]WARN[/]",
        _ => "[green]GO[/]",
    };
}
