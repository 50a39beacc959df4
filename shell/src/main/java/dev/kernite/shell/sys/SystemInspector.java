package dev.kernite.shell.sys;

import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.blk.BlockProtocol;
import java.util.List;
import java.util.Optional;

/**
 * What the shell reads about the running system: the kernel's process and channel tables (INSPECT privilege) and
 * the host's load. An interface so commands can be tested with fake rows; the real one is {@link EnvInspector}.
 *
 * <p>Thread safety: implementations are used by the shell's one thread; they need not be thread-safe.
 */
public interface SystemInspector {
    Result<List<ProcessInfo>> processes();

    Result<List<ChannelInfo>> channels();

    /** Every dataspace capability: who pays for it, who holds it, its range, rights and device mappings. */
    Result<List<DataspaceInfo>> dataspaces();

    /** A block driver's device, as the driver reports it: its disk and its request counts. */
    record BlockDevice(String driver, BlockProtocol.DiskInfo disk, BlockProtocol.Stats stats) { }

    /** The block devices of the running block drivers (NOT_FOUND when no driver is registered with names). */
    Result<List<BlockDevice>> blockDevices();

    /** The host's load averages over 1, 5 and 15 minutes ("0.12 0.08 0.03"), when the host tells. */
    Optional<String> loadAverage();

    /** The wall clock, epoch milliseconds (the clock process start times are read against). */
    long nowMillis();
}
