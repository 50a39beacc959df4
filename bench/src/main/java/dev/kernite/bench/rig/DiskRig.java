package dev.kernite.bench.rig;

import dev.kernite.abi.Rights;
import dev.kernite.abi.control.Jit;
import dev.kernite.abi.control.ProcessSpec;
import dev.kernite.kernel.Kernel;
import dev.kernite.kernel.KernelConfig;
import dev.kernite.kernel.SpawnResult;
import dev.kernite.kernel.device.DeviceModel;
import dev.kernite.kernel.device.DeviceProvider;
import dev.kernite.kernel.device.MachineConfig;
import dev.kernite.kernel.device.MachineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * A small Kernite system for the disk benchmarks, in this JVM: the kernel with a disk image as {@code blk0},
 * names, the block driver under the name {@code blk}, and whatever servers a benchmark adds on top, each
 * registered with names the way rs would. {@link #runLoad} starts the measuring client and waits for its output.
 * The processes on the data path — the driver, the added servers and the client — compile early ({@link Jit#EARLY},
 * as fs and blk do in the shipped manifest), as the host side of a benchmark does in this JVM.
 *
 * <p>Thread safety: one benchmark thread.
 */
public final class DiskRig implements AutoCloseable {
    private final Path dir;
    private final Kernel kernel;
    private final int names;
    private final List<String> services = new ArrayList<>();

    private DiskRig(Path dir, Kernel kernel, int names) {
        this.dir = dir;
        this.kernel = kernel;
        this.names = names;
    }

    /** Boots the kernel with {@code image} ({@code bytes}, made when missing) as blk0, names and the block driver. */
    public static DiskRig start(Path dir, Path image, long bytes) throws IOException, InterruptedException, MachineException {
        Kernel k = Kernel.start(KernelConfig.of(dir.resolve("run"), KernelConfig.currentModulePath(), dir.resolve("log")));
        try {
            int device = attachDisk(k, image, bytes);
            spawn(k, new ProcessSpec("names", "kernite.names", "dev.kernite.names.NamesServer", List.of(), 0, 32, List.of("names"), List.of()));
            DiskRig rig = new DiskRig(dir, k, k.endpoint("names").orElseThrow());
            rig.serve("blk", "kernite.blk", "dev.kernite.blk.BlockDriver", 64, 4L << 20, new ProcessSpec.Grant(device, Rights.USE, "blk0"));
            return rig;
        } catch (IOException | InterruptedException | MachineException | RuntimeException e) {
            k.close();
            throw e;
        }
    }

    /**
     * Starts a server with endpoint {@code name} (and the names capability plus {@code extra} grants), then
     * registers the endpoint under {@code name} in names.
     */
    public void serve(String name, String module, String main, int heapMiB, long memory, ProcessSpec.Grant... extra)
            throws IOException, InterruptedException {
        serve(name, module, main, List.of(), heapMiB, memory, extra);
    }

    /** As {@link #serve(String, String, String, int, long, ProcessSpec.Grant...)}, with the server's arguments. */
    public void serve(String name, String module, String main, List<String> args, int heapMiB, long memory, ProcessSpec.Grant... extra)
            throws IOException, InterruptedException {
        List<ProcessSpec.Grant> grants = new ArrayList<>(List.of(new ProcessSpec.Grant(names, Rights.SEND, "names")));
        grants.addAll(List.of(extra));
        spawn(kernel, new ProcessSpec(name, module, main, args, 0, heapMiB, List.of(name), grants, memory, Jit.EARLY));
        int endpoint = kernel.endpoint(name).orElseThrow();
        int registrar = spawn(kernel, new ProcessSpec("register-" + name, "kernite.probe", "dev.kernite.probe.Probe", List.of("register", name, name), 0,
            32, List.of(), List.of(new ProcessSpec.Grant(names, Rights.SEND, "names"), new ProcessSpec.Grant(endpoint, Rights.SEND | Rights.GRANT, name))));
        if (!kernel.awaitExit(registrar, Duration.ofSeconds(30))) throw new IOException("could not register " + name + " with names");
        services.add(name);
    }

    /**
     * Runs the measuring client {@code main} of {@code module} with the arguments {@code MODE OUT ARGS...} (OUT: the
     * file it writes its numbers to) and returns the lines it wrote there.
     */
    public List<String> runLoad(String module, String main, String mode, List<String> args, Duration limit)
            throws IOException, InterruptedException {
        Path out = dir.resolve("load.out");
        List<String> all = new ArrayList<>(List.of(mode, out.toString()));
        all.addAll(args);
        int load = spawn(kernel, new ProcessSpec("load", module, main, all, 0, 128, List.of(),
            List.of(new ProcessSpec.Grant(names, Rights.SEND, "names")), 16L << 20, Jit.EARLY));
        if (!kernel.awaitExit(load, limit)) throw new IOException("the load did not finish within " + limit.toMinutes() + " minutes");
        if (!Files.exists(out)) {
            StringBuilder logs = new StringBuilder("the load wrote no results; its log:\n" + log("load"));
            for (String s : services) logs.append("\n").append(s).append("'s log:\n").append(log(s));
            throw new IOException(logs.toString());
        }
        return Files.readAllLines(out);
    }

    @Override
    public void close() { kernel.close(); }

    private static int attachDisk(Kernel k, Path image, long bytes) throws MachineException {
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            for (DeviceModel m : p.create(MachineConfig.disk(image, bytes))) return k.attach(m);
        }
        throw new MachineException("no machine module on the module path (kernite.machine)");
    }

    private static int spawn(Kernel k, ProcessSpec spec) throws IOException {
        SpawnResult r = k.spawn(spec);
        if (!r.ok()) throw new IOException("cannot start " + spec.name() + ": " + r.status());
        return r.pid();
    }

    private String log(String name) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("log"))) {
            for (Path f : s.filter(f -> f.getFileName().toString().startsWith(name + "-")).toList()) return Files.readString(f);
        }
        return "(none)";
    }
}
