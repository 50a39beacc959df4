package dev.kernite.shell.sys;

import dev.kernite.runtime.net.SocketProtocol;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the network commands need from the netstack server, behind an interface so tests can use a fake. The real
 * one ({@link KernelNetAccess}) speaks to {@code net}; errors are java.net's IOExceptions.
 *
 * <p>Thread safety: implementations are used from the shell's one thread.
 */
public interface NetAccess {
    /** An open TCP connection. */
    record Connection(InputStream in, OutputStream out, Closeable closer) implements Closeable {
        @Override
        public void close() throws IOException { closer.close(); }
    }

    SocketProtocol.Info info() throws IOException;

    /** Counters by name (drops are {@code drop.REASON}). */
    Map<String, Long> stats() throws IOException;

    List<SocketProtocol.SocketRow> sockets() throws IOException;

    List<SocketProtocol.ArpRow> arp() throws IOException;

    int resolve(String host) throws IOException;

    /** One echo request of {@code size} bytes; the round trip in microseconds. */
    long ping(int address, int size, Duration timeout) throws IOException;

    Connection connect(String host, int port, Duration timeout) throws IOException;

    /** A system without a network. */
    NetAccess NONE = new NetAccess() {
        private IOException down() { return new SocketException("no network: the netstack server is not running"); }

        public SocketProtocol.Info info() throws IOException { throw down(); }

        public Map<String, Long> stats() throws IOException { throw down(); }

        public List<SocketProtocol.SocketRow> sockets() throws IOException { throw down(); }

        public List<SocketProtocol.ArpRow> arp() throws IOException { throw down(); }

        public int resolve(String host) throws IOException { throw down(); }

        public long ping(int address, int size, Duration timeout) throws IOException { throw down(); }

        public Connection connect(String host, int port, Duration timeout) throws IOException { throw down(); }
    };
}
