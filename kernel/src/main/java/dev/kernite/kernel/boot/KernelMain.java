package dev.kernite.kernel.boot;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.Privileges;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.kernel.Kernel;
import dev.kernite.kernel.KernelConfig;
import dev.kernite.kernel.SpawnResult;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.DeviceProvider;
import dev.kernite.kernel.device.LinkImpairment;
import dev.kernite.kernel.device.MachineConfig;
import dev.kernite.kernel.device.MachineException;
import dev.kernite.kernel.device.NetConfig;
import dev.kernite.kernel.proc.AotCache;
import dev.kernite.kernel.proc.Spawner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.OptionalInt;

/**
 * {@code ./kernite}: boots a kernel and spawns init with every privilege and the boot manifest; init boots the
 * system (rs, then the manifest's services) and prints the rest of the boot log. The kernel runs until init exits
 * — when the session ends, or at once when the boot fails — then shuts everything down and exits with init's
 * status. Ctrl-C (SIGINT) shuts everything down too (the kernel's shutdown hook).
 *
 * <p>Thread safety: the main thread only.
 */
public final class KernelMain {
    /** How long to wait for the host to report init's exit status after the kernel saw it go. */
    private static final Duration EXIT_STATUS_WAIT = Duration.ofSeconds(2);
    /** Size of the default disk image made on first boot. */
    private static final long DEFAULT_DISK_BYTES = 64L << 20;

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        long bootMillis = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Path home = Path.of(System.getProperty("kernite.home", "."));
        Path state = home.resolve(".kernite");
        Path manifest = home.resolve("etc/boot.manifest");
        boolean aot = true;
        Path disk = null;
        long diskBytes = DEFAULT_DISK_BYTES;
        boolean sizeGiven = false;
        NetConfig.Mode netMode = NetConfig.Mode.NONE;
        String tapName = NetConfig.DEFAULT_TAP, netAddr = NetConfig.DEFAULT_ADDRESS, hostAddr = NetConfig.DEFAULT_HOST_ADDRESS, impair = null;
        int mtu = NetConfig.DEFAULT_MTU;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--manifest" -> manifest = Path.of(value(args, ++i, "--manifest"));
                case "--state" -> state = Path.of(value(args, ++i, "--state"));
                case "--no-aot" -> aot = false;
                case "--disk" -> disk = Path.of(value(args, ++i, "--disk"));
                case "--disk-size" -> {
                    diskBytes = size(value(args, ++i, "--disk-size"));
                    sizeGiven = true;
                }
                case "--net" -> netMode = switch (value(args, ++i, "--net")) {
                    case "none" -> NetConfig.Mode.NONE;
                    case "tap" -> NetConfig.Mode.TAP;
                    case "loop" -> NetConfig.Mode.LOOP;
                    default -> { exit("--net takes tap, loop or none", 2); yield null; }
                };
                case "--tap-name" -> tapName = value(args, ++i, "--tap-name");
                case "--net-addr" -> netAddr = value(args, ++i, "--net-addr");
                case "--host-addr" -> hostAddr = value(args, ++i, "--host-addr");
                case "--net-impair" -> impair = value(args, ++i, "--net-impair");
                case "--mtu" -> mtu = integer(value(args, ++i, "--mtu"), "--mtu");
                case "-h", "--help" -> { usage(); return; }
                default -> exit("unknown option '" + args[i] + "' (try --help)", 2);
            }
        }
        if (!Files.isRegularFile(manifest)) exit("no boot manifest at " + manifest + " (--manifest FILE)", 2);
        // The default disk is made on first boot; an image given with --disk must exist unless a size is given too.
        MachineConfig machine = disk == null ? MachineConfig.disk(state.resolve("disk.img"), diskBytes)
            : MachineConfig.disk(disk, sizeGiven ? diskBytes : 0);
        try {
            machine = machine.withNet(new NetConfig(netMode, tapName, netAddr, hostAddr,
                impair == null ? LinkImpairment.NONE : LinkImpairment.parse(impair), mtu));
        } catch (IllegalArgumentException e) {
            exit(e.getMessage(), 2);
        }
        // Files.createTempDirectory would set SecureRandom up first (~10 ms); the name is as unguessable, the
        // directory as private (0700, created here or not at all).
        Path runDir = Files.createDirectory(Path.of(System.getProperty("java.io.tmpdir"), "kernite-" + Long.toUnsignedString(Spawner.newToken(), 36)),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // Console processes (init, rs, the shell) share this terminal; every other service writes to its own log,
        // so service chatter never lands in the middle of the shell's prompt.
        KernelConfig config = KernelConfig.of(runDir, KernelConfig.currentModulePath(), state.resolve("log"))
            .withAotDir(aot ? state.resolve("aot") : null);
        if (aot) AotCache.prune(config.aotDir(), config.modulePath());
        int status;
        try (Kernel kernel = Kernel.start(config)) {
            log(t0, "kernel up, control socket " + runDir.resolve("kernel.sock") + ", service logs in " + config.logDir());
            List<ProcessSpec.Grant> devices = attachDevices(kernel, machine, t0);
            status = devices == null ? 1 : runInit(kernel, manifest.toAbsolutePath(), devices, bootMillis, t0);
            log(t0, "shutting down");
        }
        AotCache.assemble(config, line -> log(t0, line)); // every process is gone: what they recorded is complete
        System.exit(status);
    }

    /** Spawns init and waits for it to exit; returns its exit status (1 when it could not run or is unknown). */
    private static int runInit(Kernel kernel, Path manifest, List<ProcessSpec.Grant> devices, long bootMillis, long t0)
            throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("--manifest", manifest.toString(), "--boot-started", Long.toString(bootMillis)));
        if (kernel.config().logDir() != null) args.addAll(List.of("--log-dir", kernel.config().logDir().toString()));
        SpawnResult init = kernel.spawn(new ProcessSpec("init", "kernite.init", "dev.kernite.init.Init", args, Privileges.ALL, 32,
            List.of(), devices));
        if (!init.ok()) {
            log(t0, "cannot start init: " + init.status());
            return 1;
        }
        log(t0, "init started (pid " + init.pid() + "), manifest " + manifest);
        while (!kernel.awaitExit(init.pid(), Duration.ofDays(1))) {
            // the session goes on
        }
        int status = exitStatus(kernel, init.pid());
        log(t0, status == 0 ? "init finished" : "init failed (exit status " + status + ")");
        return status;
    }

    private static int exitStatus(Kernel kernel, int pid) throws InterruptedException {
        long deadline = System.nanoTime() + EXIT_STATUS_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            OptionalInt code = kernel.exitCode(pid);
            if (code.isPresent()) return code.getAsInt();
            Thread.sleep(5);
        }
        return 1;
    }

    /**
     * Builds the machine (every {@link DeviceProvider} on the module path) and attaches its devices; returns a
     * grant of each for init, or null when the machine cannot be built (the message says why).
     */
    private static List<ProcessSpec.Grant> attachDevices(Kernel kernel, MachineConfig machine, long t0) {
        List<ProcessSpec.Grant> grants = new ArrayList<>();
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            List<DeviceModel> models;
            try {
                models = p.create(machine);
            } catch (MachineException e) {
                log(t0, "cannot build the machine: " + e.getMessage()
                    + (e.getMessage().contains("disk image") ? " (./kernite --disk IMAGE --disk-size 64m makes a new image)" : ""));
                return null;
            }
            for (DeviceModel m : models) {
                grants.add(new ProcessSpec.Grant(kernel.attach(m), Rights.USE | Rights.GRANT, m.name()));
                log(t0, "device " + m.name() + ": " + m.describe());
            }
        }
        return grants;
    }

    /** A size such as {@code 64m}, {@code 1g} or a byte count. */
    private static long size(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,12})([kKmMgG]?)").matcher(v);
        if (!m.matches()) exit("bad size '" + v + "' (write e.g. 64m or 1g)", 2);
        long n = Long.parseLong(m.group(1)) << switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        if (n < 1 << 20 || n % 512 != 0 || n > 1L << 40) exit("disk size must be a multiple of 512 between 1m and 1024g", 2);
        return n;
    }

    /** {@code [   0.412] what}; concatenated, not formatted: a first printf costs the boot milliseconds. */
    private static void log(long t0, String what) {
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String clock = millis / 1000 + "." + String.valueOf(1000 + millis % 1000).substring(1);
        System.out.println("[" + " ".repeat(Math.max(0, 8 - clock.length())) + clock + "] " + what);
        System.out.flush();
    }

    /** A whole number given for {@code flag} (its range is checked where it is used). */
    private static int integer(String v, String flag) {
        if (!v.matches("\\d{1,9}")) exit(flag + " takes a whole number, not '" + v + "'", 2);
        return Integer.parseInt(v);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) exit(flag + " needs a value", 2);
        return args[i];
    }

    private static void exit(String message, int status) {
        System.err.println("kernite: " + message);
        System.exit(status);
    }

    private static void usage() {
        System.out.println("""
            usage: ./kernite [--manifest FILE] [--state DIR] [--disk IMAGE | --disk-size SIZE] [--no-aot]
                             [--net tap|loop|none] [--tap-name NAME] [--net-addr A.B.C.D/N] [--host-addr A.B.C.D/N]
                             [--mtu N] [--net-impair loss=P%[,reorder=P%][,seed=N]]
              --manifest FILE   the boot manifest (default: etc/boot.manifest in the project)
              --state DIR       where AOT caches, logs and the default disk image live (default: .kernite)
              --disk IMAGE      the block device's image file (default: STATE/disk.img, made on first boot)
              --disk-size SIZE  size of a new image, made when the image does not exist yet (default 64m)
              --no-aot          start services without the JDK AOT cache (for comparison)
              --net MODE        the network device net0: tap (a Linux TAP device; needs root), loop (a loopback
                                plug: frames sent come back; for tests) or none (default: no network device)
              --tap-name NAME   the TAP device's name (default kernite0); removed when the kernel exits
              --net-addr CIDR   Kernite's address, told to the system through the device (default 10.77.0.2/24)
              --host-addr CIDR  the Linux side's address on the TAP device (default 10.77.0.1/24)
              --mtu N           the link's MTU, 68 to 65500 (default %d); for tap, the TAP device's too
              --net-impair SPEC the machine loses and reorders frames on net0, both ways, as netem would
                                (e.g. loss=5%,reorder=25%): for testing how the stacks recover
            """.replace("%d", Integer.toString(NetConfig.DEFAULT_MTU)));
    }
}
