package dev.kernite.shell;

import dev.kernite.runtime.Env;
import dev.kernite.shell.commands.Blk;
import dev.kernite.shell.commands.Echo;
import dev.kernite.shell.commands.Exit;
import dev.kernite.shell.commands.Help;
import dev.kernite.shell.commands.Ipc;
import dev.kernite.shell.commands.Kill;
import dev.kernite.shell.commands.Mem;
import dev.kernite.shell.commands.Ps;
import dev.kernite.shell.commands.Shutdown;
import dev.kernite.shell.commands.Sleep;
import dev.kernite.shell.commands.Svc;
import dev.kernite.shell.commands.Uptime;
import dev.kernite.shell.files.Cat;
import dev.kernite.shell.files.Cd;
import dev.kernite.shell.files.Cp;
import dev.kernite.shell.files.Df;
import dev.kernite.shell.files.Du;
import dev.kernite.shell.files.Ls;
import dev.kernite.shell.files.Mkdir;
import dev.kernite.shell.files.Mount;
import dev.kernite.shell.files.Mv;
import dev.kernite.shell.files.Pwd;
import dev.kernite.shell.files.Rm;
import dev.kernite.shell.files.Rmdir;
import dev.kernite.shell.files.Stat;
import dev.kernite.shell.files.Sync;
import dev.kernite.shell.files.Touch;
import dev.kernite.shell.files.Umount;
import dev.kernite.shell.net.Arp;
import dev.kernite.shell.net.Ifconfig;
import dev.kernite.shell.net.Netstat;
import dev.kernite.shell.net.Ping;
import dev.kernite.shell.net.Wget;
import dev.kernite.shell.sys.EnvInspector;
import dev.kernite.shell.sys.FsFileAccess;
import dev.kernite.shell.sys.KernelNetAccess;
import dev.kernite.shell.sys.RsServiceControl;
import dev.kernite.shell.sys.ServiceControl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The console session: {@code kernite.shell}, started by rs as the service whose exit ends the session (and so
 * shuts the system down). Arguments: {@code --history FILE} or {@code --state DIR} (history in
 * {@code DIR/shell_history}); the default history is {@code ~/.kernite_history}.
 *
 * <p>On a terminal it reads with JLine (editing, history, completion, prompt {@code kernite> }); otherwise it reads
 * plain lines and prints plain output, so scripts and tests can drive it. {@code exit}, {@code shutdown} or the end
 * of input end the session: the process exits 0.
 *
 * <p>Thread safety: the session runs on the main thread; nothing here is shared.
 */
public final class Shell {
    private Shell() {}

    public static void main(String[] args) {
        Path history = historyFile(args);
        Env env;
        try {
            env = Env.connect();
        } catch (IllegalStateException e) {
            System.err.println("kernite shell: " + e.getMessage());
            System.exit(2);
            return;
        }
        ServiceControl services = ServiceControl.onFirstUse(() -> RsServiceControl.connect(env));
        try (LineSource lines = openLines(history)) {
            Context ctx = new Context(standardCommands(), new EnvInspector(env), services, new FsFileAccess(env), lines.out(), Context.THREAD_SLEEP,
                new KernelNetAccess(env));
            if (lines instanceof TerminalLines t) {
                t.completeWith(before -> ctx.commands().candidates(before, ctx));
                ctx.println("Kernite shell. Type help for the commands; exit or Ctrl-D ends the session.");
            }
            session(lines, ctx);
        }
        System.exit(0);
    }

    /** Every command, in the order {@code help} lists them. */
    public static CommandTable standardCommands() {
        return new CommandTable(List.of(new Help(), new Ps(), new Mem(), new Blk(), new Svc(), new Kill(), new Ipc(), new Uptime(),
            new Ls(), new Cat(), new Cp(), new Mv(), new Rm(), new Mkdir(), new Rmdir(), new Touch(), new Stat(), new Df(), new Du(),
            new Mount(), new Umount(), new Sync(), new Cd(), new Pwd(),
            new Ifconfig(), new Ping(), new Netstat(), new Arp(), new Wget(),
            new Echo(), new Sleep(), new Shutdown(), new Exit()));
    }

    /** The session loop: read a line, run it, until a command ends the session or the input ends. */
    static void session(LineSource in, Context ctx) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (ctx.commands().execute(line, ctx) == Outcome.END) return;
        }
    }

    /** JLine on a real terminal; plain standard input and output otherwise. */
    private static LineSource openLines(Path history) {
        var console = System.console();
        if (console != null && console.isTerminal()) {
            try {
                TerminalLines t = TerminalLines.open(history);
                if (t != null) return t;
            } catch (IOException | RuntimeException e) {
                System.err.println("kernite shell: no line editing (" + e.getMessage() + ")");
            }
        }
        return new PlainLines(System.in, System.out);
    }

    static Path historyFile(String[] args) {
        Path file = Path.of(System.getProperty("user.home"), ".kernite_history");
        for (int i = 0; i < args.length; i++) {
            boolean hasValue = i + 1 < args.length;
            switch (args[i]) {
                case "--history" -> { if (hasValue) file = Path.of(args[++i]); }
                case "--state" -> { if (hasValue) file = Path.of(args[++i], "shell_history"); }
                default -> System.err.println("kernite shell: ignoring unknown argument '" + args[i] + "'");
            }
        }
        return file;
    }
}
