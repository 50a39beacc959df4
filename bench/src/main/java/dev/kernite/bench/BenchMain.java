package dev.kernite.bench;

import dev.kernite.bench.blk.BlkBench;
import dev.kernite.bench.boot.BootBench;
import dev.kernite.bench.fs.FsBench;
import dev.kernite.bench.ipc.IpcBench;
import dev.kernite.bench.net.NetBench;
import dev.kernite.bench.report.BenchOptions;
import java.util.Arrays;

/** {@code ./kernite bench NAME [options]}: runs one benchmark, ours beside the host's own mechanism. */
public final class BenchMain {
    private static final String BENCHES = "ipc, boot, blk, fs, net";

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.out.println("usage: ./kernite bench NAME [--quick] [--json FILE] ...\n  benchmarks: " + BENCHES);
            return;
        }
        String name = args[0];
        BenchOptions o;
        try {
            o = BenchOptions.parse(name, Arrays.copyOfRange(args, 1, args.length));
        } catch (BenchOptions.UsageException e) {
            System.err.println("kernite: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help()) {
            System.out.print(BenchOptions.usage(name));
            return;
        }
        switch (name) {
            case "ipc" -> IpcBench.run(o, System.out);
            case "boot" -> BootBench.run(o, System.out);
            case "blk" -> BlkBench.run(o, System.out);
            case "fs" -> FsBench.run(o, System.out);
            case "net" -> NetBench.run(o, System.out);
            default -> {
                System.err.println("kernite: unknown benchmark '" + name + "'; benchmarks: " + BENCHES);
                System.exit(2);
            }
        }
    }
}
