package dev.kernite.shell.sys;

import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.ServiceClient;
import dev.kernite.runtime.blk.BlockProtocol;
import java.time.Duration;
import dev.kernite.runtime.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The system as the kernel reports it to this process ({@link Env#processes()}, {@link Env#channels()}; both need
 * the INSPECT privilege) plus the host's {@code /proc/loadavg}.
 *
 * <p>Thread safety: thread-safe (Env is; no state of its own).
 */
public final class EnvInspector implements SystemInspector {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final String BLOCK_DRIVER = "blk";
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

    private final Env env;

    public EnvInspector(Env env) {
        this.env = env;
    }

    @Override
    public Result<List<ProcessInfo>> processes() { return env.processes(); }

    @Override
    public Result<List<ChannelInfo>> channels() { return env.channels(); }

    @Override
    public Result<List<DataspaceInfo>> dataspaces() { return env.dataspaces(); }

    /** Asks the driver registered as {@code blk} (the one a manifest runs) for its disk and its counts. */
    @Override
    public Result<List<BlockDevice>> blockDevices() {
        Result<ServiceClient> sc = ServiceClient.of(env, BLOCK_DRIVER, Duration.ZERO);
        if (!sc.ok()) return Result.error(sc.status());
        try (ServiceClient c = sc.value()) {
            Message m = new Message();
            Status s = c.call(new BlockProtocol.Info().encode(m), m, true, CALL_DEADLINE);
            if (s != Status.OK || Status.fromCode(m.label()) != Status.OK) return Result.error(s != Status.OK ? s : Status.fromCode(m.label()));
            Result<BlockProtocol.DiskInfo> info = BlockProtocol.DiskInfo.decode(m);
            if (!info.ok()) return Result.error(info.status());
            s = c.call(new BlockProtocol.StatsRequest().encode(m), m, true, CALL_DEADLINE);
            if (s != Status.OK || Status.fromCode(m.label()) != Status.OK) return Result.error(s != Status.OK ? s : Status.fromCode(m.label()));
            Result<BlockProtocol.Stats> stats = BlockProtocol.Stats.decode(m);
            if (!stats.ok()) return Result.error(stats.status());
            return Result.ok(List.of(new BlockDevice(BLOCK_DRIVER, info.value(), stats.value())));
        }
    }

    @Override
    public Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return f.length >= 3 ? Optional.of(f[0] + " " + f[1] + " " + f[2]) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    @Override
    public long nowMillis() { return System.currentTimeMillis(); }
}
