package dev.kernite.fs;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Clients' sessions, one per channel: the buffer the client granted (ATTACH) and its open files. A descriptor is
 * {@code tag << 16 | slot}, where the tag is drawn once per server instance: a descriptor a client got from an
 * earlier instance is EBADF here, never some other file. A session ends, and its files are closed, when its
 * channel closes (the client closed it or died) — found by {@link #sweep}.
 *
 * <p>Thread safety: not thread-safe; the dispatch thread owns it.
 */
final class Sessions {
    static final int MAX_FILES = 256;
    static final int MAX_SESSIONS = 256;
    /** How long an ATTACH waits for its capability (the kernel's note of the grant may trail the request). */
    private static final long ARRIVAL_WAIT_NANOS = 1_000_000_000L;

    /** An open file: what it names and how it was opened. */
    record OpenFile(Vfs.Node node, int flags) {}

    static final class Session {
        final int channel;
        Dataspace buffer;
        final OpenFile[] files = new OpenFile[MAX_FILES];

        Session(int channel) {
            this.channel = channel;
        }
    }

    private final Env env;
    private final Server server;
    private final int tag;
    private final Map<Integer, Session> byChannel = new HashMap<>();

    Sessions(Env env, Server server, int tag) {
        this.env = env;
        this.server = server;
        this.tag = tag & 0x7FFF | 1;
    }

    /** The session of {@code channel}, made on first use; null when there are too many. */
    Session of(int channel) {
        Session s = byChannel.get(channel);
        if (s == null && byChannel.size() < MAX_SESSIONS) {
            s = new Session(channel);
            byChannel.put(channel, s);
        }
        return s;
    }

    int count() { return byChannel.size(); }

    /** ATTACH: maps the dataspace {@code handle} that arrived on {@code s}'s channel as its buffer; its size. */
    FsResult<Long> attach(Session s, int handle) {
        long deadline = System.nanoTime() + ARRIVAL_WAIT_NANOS;
        var arrival = env.arrival(handle);
        while (arrival.isEmpty() && System.nanoTime() - deadline < 0) { // rare and short: see ARRIVAL_WAIT_NANOS
            Thread.onSpinWait();
            Thread.yield();
            arrival = env.arrival(handle);
        }
        if (arrival.isEmpty() || arrival.get().via() != s.channel || arrival.get().type() != CapType.DATASPACE) {
            return FsResult.error(FsError.EBADF);
        }
        if (!Rights.includes(arrival.get().rights(), Rights.READ | Rights.WRITE)) return FsResult.error(FsError.EACCES);
        Result<Dataspace> d = env.mapDataspace(handle);
        if (!d.ok()) return FsResult.error(FsError.ENOMEM);
        if (s.buffer != null) s.buffer.close();
        s.buffer = d.value();
        return FsResult.ok(d.value().size());
    }

    /** Adds an open file to {@code s}; its descriptor, or EMFILE. */
    FsResult<Integer> add(Session s, OpenFile f) {
        for (int i = 0; i < MAX_FILES; i++) {
            if (s.files[i] == null) {
                s.files[i] = f;
                return FsResult.ok(tag << 16 | i);
            }
        }
        return FsResult.error(FsError.EMFILE);
    }

    /** The open file {@code fd} names in {@code s}, or null. */
    OpenFile file(Session s, int fd) {
        int slot = fd & 0xFFFF;
        return fd >>> 16 == tag && slot < MAX_FILES ? s.files[slot] : null;
    }

    /** Takes {@code fd} out of {@code s}; what it named, or null. */
    OpenFile remove(Session s, int fd) {
        OpenFile f = file(s, fd);
        if (f != null) s.files[fd & 0xFFFF] = null;
        return f;
    }

    /** Ends the sessions whose channel closed, handing each of their open files to {@code close}. */
    void sweep(Consumer<OpenFile> close) {
        List<Session> gone = new ArrayList<>();
        for (Session s : byChannel.values()) if (!server.isConnected(s.channel)) gone.add(s);
        for (Session s : gone) {
            byChannel.remove(s.channel);
            for (OpenFile f : s.files) if (f != null) close.accept(f);
            if (s.buffer != null) s.buffer.close();
        }
    }

    /** Every open file of every session (at shutdown). */
    void forEachFile(Consumer<OpenFile> each) {
        for (Session s : byChannel.values()) for (OpenFile f : s.files) if (f != null) each.accept(f);
    }
}
