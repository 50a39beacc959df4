package dev.kernite.shell;

import dev.kernite.abi.Status;
import dev.kernite.abi.control.ReplyBody.ChannelInfo;
import dev.kernite.abi.control.ReplyBody.DataspaceInfo;
import dev.kernite.abi.control.ReplyBody.ProcessInfo;
import dev.kernite.runtime.Result;
import dev.kernite.shell.sys.SystemInspector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A process and channel table set by the test, a fixed clock and load. Not thread-safe. */
public final class FakeSystem implements SystemInspector {
    public final List<ProcessInfo> processes = new ArrayList<>();
    public final List<ChannelInfo> channels = new ArrayList<>();
    public final List<DataspaceInfo> dataspaces = new ArrayList<>();
    public Status failure;              // when set, both tables answer with it
    public long now = 1_000_000_000L;
    public String load = "0.50 0.25 0.10";

    /** Adds a running process that started {@code agoMillis} before {@link #now}. */
    public FakeSystem process(int pid, String name, int threads, long rssKiB, long agoMillis) {
        processes.add(new ProcessInfo(pid, name, "running", threads, rssKiB, now - agoMillis, 4, 0, -1, 64L << 20, 0, 0));
        return this;
    }

    /** Adds a process that has exited (the kernel keeps it in its table). */
    public FakeSystem exited(int pid, String name, long agoMillis) {
        processes.add(new ProcessInfo(pid, name, "exited", 0, 0, now - agoMillis, 0, 0, 0, 0, 0, 0));
        return this;
    }

    public FakeSystem channel(int id, String endpoint, int client, int server, long requests, long replies) {
        channels.add(new ChannelInfo(id, endpoint, client, server, (long) client << 32 | id, "open", requests, replies));
        return this;
    }

    @Override
    public Result<List<ProcessInfo>> processes() {
        return failure != null ? Result.error(failure) : Result.ok(List.copyOf(processes));
    }

    @Override
    public Result<List<ChannelInfo>> channels() {
        return failure != null ? Result.error(failure) : Result.ok(List.copyOf(channels));
    }

    /** Adds a dataspace capability and charges a root's size to its owner's row. */
    public FakeSystem dataspace(DataspaceInfo d) {
        dataspaces.add(d);
        if (d.ownerPid() == d.holderPid() && d.offset() == 0) {
            for (int i = 0; i < processes.size(); i++) {
                ProcessInfo p = processes.get(i);
                if (p.pid() != d.ownerPid()) continue;
                processes.set(i, new ProcessInfo(p.pid(), p.name(), p.state(), p.threads(), p.rssKiB(), p.startedMillis(), p.handles(),
                    p.privileges(), p.exitCode(), p.memoryQuota(), p.memoryUsed() + d.length(), p.dataspaces() + 1));
            }
        }
        return this;
    }

    @Override
    public Result<List<DataspaceInfo>> dataspaces() {
        return failure != null ? Result.error(failure) : Result.ok(List.copyOf(dataspaces));
    }

    public final List<BlockDevice> blockDevices = new ArrayList<>();
    public Status blockFailure;

    @Override
    public Result<List<BlockDevice>> blockDevices() {
        return blockFailure != null ? Result.error(blockFailure) : Result.ok(List.copyOf(blockDevices));
    }

    @Override
    public Optional<String> loadAverage() { return Optional.ofNullable(load); }

    @Override
    public long nowMillis() { return now; }
}
