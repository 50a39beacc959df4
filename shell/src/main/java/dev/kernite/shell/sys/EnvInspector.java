package dev.kernite.shell.sys;

import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Env;
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
