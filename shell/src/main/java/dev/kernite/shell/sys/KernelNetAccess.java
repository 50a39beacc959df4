package dev.kernite.shell.sys;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.net.KSocket;
import dev.kernite.runtime.net.NetClient;
import dev.kernite.runtime.net.SocketProtocol;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link NetAccess} over the netstack server: a {@link NetClient} opened on first use (and again after a failure,
 * so a netstack that restarted, or started late, is found).
 *
 * <p>Thread safety: confined to the shell's thread.
 */
public final class KernelNetAccess implements NetAccess {
    private final Env env;
    private NetClient client;

    public KernelNetAccess(Env env) {
        this.env = env;
    }

    private <T> T with(Call<T> call) throws IOException {
        if (client == null) client = NetClient.open(env);
        try {
            return call.on(client);
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("reset") || e.getMessage().contains("down"))) {
                client.close();
                client = null;
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T on(NetClient c) throws IOException;
    }

    @Override public SocketProtocol.Info info() throws IOException { return with(NetClient::info); }

    @Override public Map<String, Long> stats() throws IOException { return with(NetClient::stats); }

    @Override public List<SocketProtocol.SocketRow> sockets() throws IOException { return with(NetClient::sockets); }

    @Override public List<SocketProtocol.ArpRow> arp() throws IOException { return with(NetClient::arp); }

    @Override public int resolve(String host) throws IOException { return with(c -> c.resolve(host)); }

    @Override
    public long ping(int address, int size, Duration timeout) throws IOException {
        return with(c -> c.ping(address, size, (int) timeout.toMillis()));
    }

    @Override
    public Connection connect(String host, int port, Duration timeout) throws IOException {
        KSocket s = KSocket.connect(env, host, port, timeout);
        s.setSoTimeout((int) timeout.toMillis());
        return new Connection(s.getInputStream(), s.getOutputStream(), s::close);
    }
}
