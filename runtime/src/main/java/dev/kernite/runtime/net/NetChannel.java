package dev.kernite.runtime.net;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.ServiceClient;
import dev.kernite.runtime.WaitMode;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * One channel to the netstack server ({@code net}) with its own buffer dataspace granted and attached on every new
 * connection ({@link SocketProtocol#ATTACH}), the way the block and file clients do. The java.net-like classes
 * ({@link KSocket}, {@link KServerSocket}, {@link KDatagramSocket}) and {@link NetClient} each hold one.
 *
 * <p>Recovery: when the server dies, a request it had not taken is sent again to its successor (names finds it);
 * sockets do not survive (the engine's state died with it), so {@link #call} answers ECONNRESET for a socket
 * request once the channel has been reconnected, and a request the dead server had taken gets ECONNRESET too.
 * Nothing hangs: a call waits at most its timeout plus {@link #RECOVERY}.
 *
 * <p>Thread safety: thread-safe; calls are serialised (one request on the channel at a time).
 */
public final class NetChannel implements AutoCloseable {
    /** How long a call may spend finding a restarted server, on top of its own timeout. */
    public static final Duration RECOVERY = Duration.ofSeconds(20);

    private final ServiceClient client;
    private final Dataspace buffer;
    private final long firstConnection;

    private NetChannel(ServiceClient client, Dataspace buffer) {
        this.client = client;
        this.buffer = buffer;
        this.firstConnection = client.connections();
    }

    /** Allocates a buffer of {@code bufferBytes} (charged to this process) and connects, waiting up to {@code deadline}. */
    public static Result<NetChannel> open(Env env, long bufferBytes, Duration deadline) {
        Result<Dataspace> b = env.allocate(bufferBytes);
        if (!b.ok()) return Result.error(b.status());
        Result<ServiceClient> c = ServiceClient.of(env, "net", deadline, channel -> {
            channel.setWaitMode(WaitMode.YIELD);
            return attach(b.value(), channel);
        });
        if (!c.ok()) {
            b.value().close();
            return Result.error(c.status());
        }
        return Result.ok(new NetChannel(c.value(), b.value()));
    }

    private static Status attach(Dataspace buffer, Client channel) {
        Result<Integer> granted = buffer.grant(0, buffer.size(), Rights.READ | Rights.WRITE, channel.handle());
        if (!granted.ok()) return granted.status() == Status.CHANNEL_CLOSED ? Status.PEER_DIED : granted.status();
        Message m = new SocketProtocol.Attach(granted.value()).encode(new Message());
        Status s = channel.call(m, m, Duration.ofSeconds(10));
        return s != Status.OK ? s : m.label() == 0 ? Status.OK : Status.PROTOCOL_ERROR;
    }

    /** The buffer READ, WRITE, SEND_TO and RECV_FROM name ranges of. */
    public MemorySegment buffer() { return buffer.segment(); }

    /**
     * Sends {@code request} and waits for the reply (up to {@code timeoutMillis}, -1 without limit, plus
     * {@link #RECOVERY}); null on success, else the error. A socket request after the server restarted is ECONNRESET.
     */
    public synchronized SocketError call(Message request, Message reply, int timeoutMillis) {
        int label = request.label();
        boolean idempotent = SocketProtocol.idempotent(label);
        boolean onSocket = !idempotent && label != SocketProtocol.CONNECT && label != SocketProtocol.LISTEN && label != SocketProtocol.BIND_UDP;
        if (onSocket && client.connections() != firstConnection) return SocketError.ECONNRESET;
        Duration deadline = timeoutMillis < 0 ? Duration.ofDays(365) : Duration.ofMillis(timeoutMillis).plus(RECOVERY);
        Status s = client.call(request, reply, idempotent, deadline);
        if (s == Status.OK) {
            if (onSocket && client.connections() != firstConnection) return SocketError.ECONNRESET;
            return SocketProtocol.errorOf(reply);
        }
        return switch (s) {
            case RETRY_UNSAFE, PEER_DIED, CHANNEL_CLOSED, PROTOCOL_ERROR -> onSocket ? SocketError.ECONNRESET : SocketError.ENETDOWN;
            case TIMED_OUT -> SocketError.ETIMEDOUT;
            default -> SocketError.ENETDOWN;
        };
    }

    /** Closes socket {@code id} at the server (waiting up to 5 s for its answer), then this channel. */
    public void closeSocket(int id) {
        Message m = new SocketProtocol.Close(id).encode(new Message());
        call(m, m, 5_000);
        close();
    }

    /** Closes the channel and frees the buffer; the server closes the process's sockets when its last channel goes. */
    @Override
    public void close() {
        client.close();
        buffer.close();
    }
}
