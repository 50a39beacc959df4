package dev.kernite.init;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.ManifestException;
import dev.kernite.runtime.rs.ModuleCheck;
import dev.kernite.runtime.rs.RsClient;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import dev.kernite.runtime.rs.ServiceDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * init: boots the system from the manifest. Reads and checks it (a clear error naming file, line and problem stops
 * the boot; a bad manifest starts nothing), spawns rs, and while rs's JVM starts checks that every service's module
 * and main class are on the module path; then asks rs to start the autostart services wave by wave in dependency
 * order — a wave's services start together and each must be ready within its start deadline — printing the boot
 * log; then waits until rs reports that the session ended, and exits 0. Any failure exits 1 with a message naming
 * what failed; the kernel then shuts down (no process is left, nothing hangs).
 *
 * <p>Arguments: {@code --manifest FILE} (required), {@code --boot-started EPOCH_MS} (the kernel's boot time, so
 * the boot log's clock continues the kernel's; default: now), {@code --log-dir DIR} (where services log: rs writes
 * {@code DIR/rs.log} rather than on the console it shares with the shell; default: rs's standard output).
 *
 * <p>Thread safety: single-threaded.
 */
public final class Init {
    /** What rs may do: start processes, list them (to tell which died), and hand the console to a service. */
    static final int RS_PRIVILEGES = Privileges.SPAWN | Privileges.INSPECT | Privileges.CONSOLE;
    static final int RS_HEAP_MIB = 48;

    private final Env env;
    private final BootLog log;
    private final Path logDir; // null: rs logs on its standard output

    private Init(Env env, BootLog log, Path logDir) {
        this.env = env;
        this.log = log;
        this.logDir = logDir;
    }

    public static void main(String[] args) {
        Path file = null, logDir = null;
        long bootStarted = System.currentTimeMillis();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--manifest" -> file = Path.of(args[i + 1]).toAbsolutePath();
                case "--boot-started" -> bootStarted = Long.parseLong(args[i + 1]);
                case "--log-dir" -> logDir = Path.of(args[i + 1]);
                default -> fail("unknown argument '" + args[i] + "'");
            }
        }
        if (file == null) fail("usage: init --manifest FILE [--boot-started EPOCH_MS] [--log-dir DIR]");
        Env env = Env.connect();
        System.exit(new Init(env, new BootLog(bootStarted), logDir).boot(file));
    }

    /** The whole boot and session; returns the exit status. */
    private int boot(Path file) {
        Manifest manifest = load(file);
        long t = System.nanoTime();
        Env.Child rsChild = spawnRs(file);
        checkModules(manifest);
        List<List<ServiceDescriptor>> waves = manifest.bootWaves(); // also while rs starts
        RsClient rs = connectRs(rsChild, t);
        Set<String> skipped = new HashSet<>();
        for (List<ServiceDescriptor> wave : waves) startWave(rs, present(wave, skipped));
        log.line("boot complete; " + manifest.session().map(s -> "session: " + s.name()).orElse("no session service"));
        Status end = rs.awaitSessionEnd();
        if (end != Status.OK) fail("rs is gone (" + end + "); stopping");
        log.line("session ended");
        return 0;
    }

    private Manifest load(Path file) {
        Manifest m = null;
        try {
            m = Manifest.load(file);
        } catch (IOException e) {
            fail("cannot read manifest " + file + ": " + e.getMessage());
        } catch (ManifestException e) {
            fail(e.getMessage());
        }
        return m;
    }

    /** Fails the boot, naming the section, when a service's module or main class is not on the module path. */
    private static void checkModules(Manifest m) {
        ModuleCheck modules = ModuleCheck.ofThisProcess();
        for (ServiceDescriptor d : m.services()) {
            Optional<String> problem = modules.problem(d);
            if (problem.isPresent()) fail(d.origin() + ": [" + d.name() + "] " + problem.get());
        }
    }

    /** Spawns rs with the manifest (and its log file). */
    private Env.Child spawnRs(Path file) {
        List<String> args = new ArrayList<>(List.of("--manifest", file.toString()));
        if (logDir != null) args.addAll(List.of("--log", logDir.resolve("rs.log").toString()));
        Result<Env.Child> child = env.spawn(new ProcessSpec("rs", "kernite.rs", "dev.kernite.rs.ReincarnationServer",
            args, RS_PRIVILEGES & env.privileges(), RS_HEAP_MIB, List.of("rs"), devices()));
        if (!child.ok()) fail("cannot spawn rs: " + child.status());
        return child.value();
    }

    /** Connects to rs and waits for its first answer; {@code t} is when rs was asked for. */
    private RsClient connectRs(Env.Child child, long t) {
        Result<RsClient> rs = RsClient.connect(env, child.endpoints().getFirst());
        if (!rs.ok()) fail("cannot connect to rs: " + rs.status());
        Result<List<ServiceInfo>> first = rs.value().list(); // its first answer proves rs's loop runs
        if (!first.ok()) fail("rs did not answer (" + first.status() + ")");
        log.ready("rs", child.pid(), t);
        return rs.value();
    }

    /** The machine's devices (the kernel gave them to init): rs hands each to the service that drives it. */
    private List<ProcessSpec.Grant> devices() {
        return env.capabilities().stream().filter(c -> c.type() == CapType.DEVICE)
            .map(c -> new ProcessSpec.Grant(c.handle(), Rights.USE | Rights.GRANT, c.name())).toList();
    }

    /**
     * The services of a wave that can run on this machine: a driver of a device the machine does not have (the
     * network device, say, when booted with {@code --net none}) is not started, nor is anything that needs a
     * service not started; each is named in the boot log. {@code skipped} collects them across waves.
     */
    private List<ServiceDescriptor> present(List<ServiceDescriptor> wave, Set<String> skipped) {
        Set<String> machine = new HashSet<>();
        for (var c : env.capabilities()) if (c.type() == CapType.DEVICE) machine.add(c.name());
        List<ServiceDescriptor> out = new ArrayList<>();
        for (ServiceDescriptor d : wave) {
            Optional<String> device = d.devices().stream().filter(x -> !machine.contains(x)).findFirst();
            Optional<String> need = d.needs().stream().filter(skipped::contains).findFirst();
            if (device.isEmpty() && need.isEmpty()) {
                out.add(d);
                continue;
            }
            skipped.add(d.name());
            log.line(d.name() + " not started: " + (device.isPresent() ? "the machine has no device " + device.get()
                : "it needs " + need.get() + ", which was not started"));
        }
        return out;
    }

    /** Starts a wave's services together, then waits for each to be ready within its start deadline. */
    private void startWave(RsClient rs, List<ServiceDescriptor> wave) {
        long t = System.nanoTime();
        for (ServiceDescriptor d : wave) {
            Status s = rs.start(d.name());
            if (s != Status.OK) failService(rs, d, "could not be started (" + s + ")");
        }
        for (ServiceDescriptor d : wave) {
            Status s = rs.awaitReady(d.name(), d.startDeadline());
            if (s == Status.TIMED_OUT) failService(rs, d, "did not become ready in " + seconds(d.startDeadline()));
            if (s != Status.OK) failService(rs, d, "failed while starting (" + s + ")");
            log.ready(d.name(), info(rs, d).map(ServiceInfo::pid).orElse(0), t);
        }
    }

    private void failService(RsClient rs, ServiceDescriptor d, String what) {
        String detail = info(rs, d).filter(i -> !i.lastExit().isEmpty())
            .map(i -> " (state " + i.state() + ", " + i.restarts() + " restarts, last exit: " + i.lastExit() + ")").orElse("");
        rs.shutdown();
        fail("boot failed: service '" + d.name() + "' (" + d.origin() + ") " + what + detail);
    }

    private static Optional<ServiceInfo> info(RsClient rs, ServiceDescriptor d) {
        Result<ServiceInfo> i = rs.info(d.name());
        return i.ok() ? Optional.of(i.value()) : Optional.empty();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void fail(String message) {
        System.out.flush();
        System.err.println("init: " + message);
        System.err.flush();
        System.exit(1);
    }
}
