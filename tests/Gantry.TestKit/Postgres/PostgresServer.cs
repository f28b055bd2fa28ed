using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Gantry.TestKit.Postgres;

/// <summary>
/// Debian's PostgreSQL for the tests: one throwaway cluster per test process (initdb in a temp folder, listening on
/// 127.0.0.1 on a free port and on a Unix socket in that folder, fsync off), stopped and deleted by a watchdog when the
/// process is gone, however it ends. Each user takes a fresh database of its own (<see cref="CreateDatabaseAsync"/>).
/// initdb refuses to run as root, so as root the cluster runs as the <c>postgres</c> system user in a folder it owns.
/// </summary>
public sealed class PostgresServer
{
    private const string Superuser = "gantry";

    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);

    private readonly string _bin;
    private readonly string _data;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        Root = root;
        _data = Path.Combine(root, "data");
        Port = port;
    }

    /// <summary>The cluster's folder: data, log and the Unix socket.</summary>
    public string Root { get; }

    public int Port { get; }

    /// <summary>The process's cluster, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => Instance.Value;

    /// <summary>Creates a database with a unique name and returns a connection string to it over TCP.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "gantry_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database }.ToString();

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): scripts/install-tools.sh installs Debian's postgresql");
        }

        var asRoot = Environment.UserName == "root";
        // The postgres user must reach the folder: a private TMPDIR (mktemp -d, mode 0700) would stop it, /tmp never does.
        var root = asRoot ? Directory.CreateDirectory(Path.Combine("/tmp", "gantry-pg-" + Guid.NewGuid().ToString("N"))).FullName
            : Directory.CreateTempSubdirectory("gantry-pg-").FullName;
        if (asRoot)
        {
            await ProcessRunner.CheckedAsync("chown", "postgres:", root);
        }

        var server = new PostgresServer(bin, root, LoopbackPorts.Free());
        await server.RunAsync("initdb", "-D", server._data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-sync");
        // The cluster is thrown away: durability settings are off, so tests do not wait on the disk.
        await server.RunAsync("pg_ctl", "-D", server._data, "-l", Path.Combine(root, "postgres.log"), "-w", "-t", "60", "-o",
            $"-h 127.0.0.1 -p {server.Port.ToString(CultureInfo.InvariantCulture)} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
        server.StopWhenProcessExits();
        return server;
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var (fileName, all) = Environment.UserName == "root"
            ? ("runuser", new[] { "-u", "postgres", "--", Path.Combine(_bin, tool) }.Concat(arguments))
            : (Path.Combine(_bin, tool), arguments.AsEnumerable());
        var result = await ProcessRunner.RunAsync(fileName, all, workingDirectory: Root, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            var log = Path.Combine(Root, "postgres.log");
            throw new InvalidOperationException($"{tool} failed ({result.ExitCode}): {result.Stderr.Trim()} {(File.Exists(log) ? File.ReadAllText(log) : "")}");
        }
    }

    /// <summary>
    /// A watchdog outside this process stops the cluster at once (nothing in it is kept) and deletes its folder when
    /// the test process is gone: the test host may exit without running exit handlers, or be killed.
    /// </summary>
    private void StopWhenProcessExits()
    {
        var stop = $"{Path.Combine(_bin, "pg_ctl")} -D {_data} -m immediate -w stop";
        var asOwner = Environment.UserName == "root" ? $"runuser -u postgres -- {stop}" : stop;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {asOwner} >/dev/null 2>&1; rm -rf {Root}";
        var watchdog = new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process.Start(watchdog)?.Dispose();
    }
}
