package dev.kernite.machine.net;

import dev.kernite.kernel.device.MachineException;
import dev.kernite.sys.SysException;
import dev.kernite.sys.Tap;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network device's frames to and from a Linux TAP device. The TAP device is created when the backend is
 * (non-persistent: it lives exactly as long as our descriptor, so the host removes it when the kernel exits —
 * by shutdown, by a signal, or killed), given the host side's address, and brought up with {@code ip}
 * (iproute2). Received frames are read by a thread of the backend's own; frames are sent by the device thread.
 *
 * <p>Thread safety: as {@link NetBackend}; the reader thread owns its buffer.
 */
public final class TapBackend implements NetBackend {
    private static final int POLL_MILLIS = 100;
    private static final int ENOENT = 2, EPERM = 1, EBUSY = 16; // Linux errno values

    private final Tap tap;
    private final String hostAddress;
    private final int mtu;
    private final MemorySegment buffer;
    private Thread reader;                 // started once
    private volatile boolean running = true;
    private boolean closed;                // guarded by this

    private TapBackend(Tap tap, String hostAddress, int mtu) {
        this.tap = tap;
        this.hostAddress = hostAddress;
        this.mtu = mtu;
        this.buffer = Arena.ofAuto().allocate(1 << 16, 64);
    }

    /**
     * Creates TAP device {@code name}, gives the host side {@code hostAddress} ({@code a.b.c.d/n}, or null for none)
     * and brings it up with MTU {@code mtu}.
     *
     * @throws MachineException when it cannot; the message says what to do
     */
    public static TapBackend create(String name, String hostAddress, int mtu) throws MachineException {
        Tap tap;
        try {
            tap = Tap.create(name);
        } catch (SysException e) {
            throw new MachineException(switch (e.errno()) {
                case ENOENT -> "/dev/net/tun is missing: load the tun module (modprobe tun); in a container, start it with "
                    + "--device /dev/net/tun --cap-add NET_ADMIN; or boot with --net none";
                case EPERM -> "creating TAP device " + name + " needs root (CAP_NET_ADMIN): run ./kernite --net tap as root, "
                    + "or boot with --net none";
                case EBUSY -> "a network interface named " + name + " exists and is in use: choose another with --tap-name";
                default -> "cannot create TAP device " + name + ": " + e.getMessage();
            }, e);
        }
        try {
            if (hostAddress != null) ip("addr", "add", hostAddress, "dev", tap.name());
            ip("link", "set", "dev", tap.name(), "mtu", Integer.toString(mtu), "up");
        } catch (MachineException e) {
            tap.close();
            throw e;
        }
        return new TapBackend(tap, hostAddress, mtu);
    }

    /** Runs {@code ip ARGS}; a failure says what ip said. */
    static void ip(String... args) throws MachineException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new MachineException("'" + String.join(" ", cmd) + "' did not finish in 10 s");
            }
            if (p.exitValue() != 0) throw new MachineException("'" + String.join(" ", cmd) + "' failed: " + out);
        } catch (IOException e) {
            throw new MachineException("cannot run 'ip' (" + e.getMessage() + "): install iproute2 (apt-get install iproute2)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MachineException("interrupted while running '" + String.join(" ", cmd) + "'", e);
        }
    }

    /** The TAP device's name on the host. */
    public String interfaceName() { return tap.name(); }

    @Override
    public synchronized void start(FrameSink sink) {
        if (reader != null || closed) throw new IllegalStateException("started twice or closed");
        reader = Thread.ofPlatform().name("tap-" + tap.name()).daemon().start(() -> readLoop(sink));
    }

    private void readLoop(FrameSink sink) {
        while (running) {
            try {
                int n = tap.read(buffer);
                if (n > 0) sink.receive(buffer.asSlice(0, n));
                else tap.await(POLL_MILLIS);
            } catch (RuntimeException e) {
                if (!running) return;
                System.err.println("machine: tap " + tap.name() + ": " + e.getMessage() + "; receiving stops");
                return;
            }
        }
    }

    @Override
    public boolean send(MemorySegment frame) {
        try {
            return frame.isNative() && tap.write(frame);
        } catch (SysException e) {
            return false;
        }
    }

    @Override
    public boolean linkUp() { return true; }

    @Override
    public String describe() {
        return "tap " + tap.name() + (hostAddress == null ? "" : ", host side " + hostAddress) + ", MTU " + mtu;
    }

    /** Stops the reader and closes the descriptor: the host removes the TAP device. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        running = false;
        if (reader != null) {
            boolean interrupted = false;
            while (reader.isAlive()) {
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        tap.close();
    }
}
