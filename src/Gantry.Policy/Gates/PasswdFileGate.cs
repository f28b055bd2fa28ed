using Gantry.Policy.Evaluation;

namespace Gantry.Policy.Gates;

/// <summary><c>passwd_file</c>: user names, ids, shells and whole entries of <c>/etc/passwd</c>.</summary>
internal static class PasswdFileGate
{
    public static GateDefinition Definition { get; } = new(
        "passwd_file",
        "Content checks for /etc/passwd for things like usernames, group ids, shells, or full entries.",
        GateOrigin.Anchore,
        [
            new TriggerDefinition("content_not_available", "Triggers if the /etc/passwd file is not present/stored in the evaluated image.",
                context =>
                {
                    if (context.State.PasswdEntries is not { Count: > 0 })
                    {
                        context.Fire("Cannot locate /etc/passwd in image stored files archive: check analyzer settings.");
                    }
                }),
            new TriggerDefinition("blacklist_usernames", "Triggers if specified username is found in the /etc/passwd file",
            [new("user_names", "List of usernames that will cause the trigger to fire if found in /etc/passwd.", ParameterKind.CommaList) { Required = true, Example = "daemon,ftp" }],
            context => Blacklist(context, "user_names", e => e.User, "Blacklisted user '{0}' found in image's /etc/passwd: pentry={1}")),
            new TriggerDefinition("blacklist_userids", "Triggers if specified user id is found in the /etc/passwd file",
            [new("user_ids", "List of userids (numeric) that will cause the trigger to fire if found in /etc/passwd.", ParameterKind.CommaNumberList) { Required = true, Example = "0,1" }],
            context => Blacklist(context, "user_ids", e => e.Uid, "Blacklisted uid '{0}' found in image's /etc/passwd: pentry={1}")),
            new TriggerDefinition("blacklist_groupids", "Triggers if specified group id is found in the /etc/passwd file",
            [new("group_ids", "List of groupids (numeric) that will cause the trigger ot fire if found in /etc/passwd.", ParameterKind.CommaNumberList) { Required = true, Example = "999,20" }],
            context => Blacklist(context, "group_ids", e => e.Gid, "Blacklisted gid '{0}' found in image's /etc/passwd: pentry={1}")),
            new TriggerDefinition("blacklist_shells", "Triggers if specified login shell for any user is found in the /etc/passwd file",
            [new("shells", "List of shell commands to blacklist.", ParameterKind.CommaList) { Required = true, Example = "/bin/bash,/bin/zsh" }],
            context => Blacklist(context, "shells", e => e.Shell, "Blacklisted shell '{0}' found in image's /etc/passwd: pentry={1}")),
            new TriggerDefinition("blacklist_full_entry", "Triggers if entire specified passwd entry is found in the /etc/passwd file.",
            [new("entry", "Full entry to match in /etc/passwd.") { Required = true, Example = "ftp:x:14:50:FTP User:/var/ftp:/sbin/nologin" }],
            FullEntry),
        ]);

    private static void Blacklist(TriggerContext context, string parameter, Func<PasswdEntry, string> field, string format)
    {
        var denied = context.Params.GetList(parameter);
        foreach (var entry in context.State.PasswdEntries ?? [])
        {
            if (denied.Contains(field(entry)))
            {
                context.Fire(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, field(entry), entry.Line));
            }
        }
    }

    private static void FullEntry(TriggerContext context)
    {
        var denied = context.Params.GetRequired("entry").Trim();
        foreach (var entry in (context.State.PasswdEntries ?? []).Where(e => e.Line == denied))
        {
            context.Fire($"Blacklisted pentry '{entry.Line}' found in image's /etc/passwd: pentry={entry.Line}");
        }
    }
}
