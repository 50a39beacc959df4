package dev.kernite.kernel.boot;

import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.kernel.Kernel;
import dev.kernite.kernel.KernelConfig;
import dev.kernite.kernel.SpawnResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./kernite}: boots a kernel and the default services, prints the boot log, and runs until standard input
 * ends (Ctrl-D) or the kernel is told to stop (Ctrl-C). The system services and the interactive shell are started
 * here as they land; today that is the echo service and a probe that proves a round trip through it.
 */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path home = Path.of(System.getProperty("kernite.home", "."));
        Path lib = Path.of(System.getProperty("kernite.lib", home.resolve("build/lib").toString()));
        Path state = home.resolve(".kernite");
        boolean aot = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state" -> state = Path.of(value(args, ++i, "--state"));
                case "--no-aot" -> aot = false;
                case "-h", "--help" -> { usage(); return; }
                default -> { System.err.println("kernite: unknown option '" + args[i] + "' (try --help)"); System.exit(2); }
            }
        }
        Path runDir = Files.createTempDirectory("kernite-");
        KernelConfig config = KernelConfig.of(runDir, modulePath(lib), null) // services print to this terminal
            .withAotDir(aot ? state.resolve("aot") : null);
        try (Kernel kernel = Kernel.start(config)) {
            log(t0, "kernel up, control socket " + runDir.resolve("kernel.sock"));
            boot(kernel, t0);
            printTables(kernel);
            System.out.println("Kernite is running. Press Enter to show the tables again, Ctrl-D to shut down.");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            while (in.readLine() != null) printTables(kernel);
            log(t0, "shutting down");
        }
    }

    private static void boot(Kernel kernel, long t0) throws InterruptedException {
        SpawnResult echo = kernel.spawn(new ProcessSpec("echo", "kernite.echo", "dev.kernite.echo.EchoServer",
            List.of(), 0, 32, List.of("echo"), List.of()));
        log(t0, "spawned echo (pid " + echo.pid() + "): " + echo.status());
        int handle = kernel.endpoint("echo").orElseThrow();
        SpawnResult probe = kernel.spawn(new ProcessSpec("echo-probe", "kernite.echo", "dev.kernite.echo.EchoProbe",
            List.of("hello from the boot probe"), 0, 32, List.of(), List.of(new ProcessSpec.Grant(handle, 1, "echo"))));
        log(t0, "spawned echo-probe (pid " + probe.pid() + "): " + probe.status());
        kernel.awaitExit(probe.pid(), java.time.Duration.ofSeconds(10));
        log(t0, "echo-probe finished");
    }

    private static void printTables(Kernel kernel) {
        System.out.printf("%n%7s  %-12s  %-8s  %7s  %9s  %7s%n", "PID", "NAME", "STATE", "THREADS", "RSS", "HANDLES");
        for (ProcessInfo p : kernel.processes()) {
            System.out.printf("%7d  %-12s  %-8s  %7d  %7d K  %7d%n", p.pid(), p.name(), p.state(), p.threads(), p.rssKiB(), p.handles());
        }
        System.out.printf("%n%4s  %-12s  %7s  %7s  %-10s  %10s  %10s%n", "ID", "ENDPOINT", "CLIENT", "SERVER", "STATE", "REQUESTS", "REPLIES");
        for (ChannelInfo c : kernel.channels()) {
            System.out.printf("%4d  %-12s  %7d  %7d  %-10s  %10d  %10d%n", c.id(), c.endpoint(), c.clientPid(), c.serverPid(), c.state(), c.requests(), c.replies());
        }
        System.out.println();
    }

    static List<Path> modulePath(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) throw new IOException("no module directory " + lib + "; run ./kernite build");
        try (Stream<Path> s = Files.list(lib)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void log(long t0, String what) {
        System.out.printf("[%8.3f] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) { System.err.println("kernite: " + flag + " needs a value"); System.exit(2); }
        return args[i];
    }

    private static void usage() {
        System.out.println("""
            usage: ./kernite [--state DIR]
              --state DIR   where AOT caches, logs and disk images live (default: .kernite in the project)
              --no-aot      start services without the JDK AOT cache (for comparison)
            """);
    }

}
