package dev.kernite.runtime.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Socket errors as the IOExceptions java.net throws for them.
 *
 * <p>Thread safety: stateless.
 */
public final class NetExceptions {
    private NetExceptions() {}

    /** The exception for {@code e} met while doing {@code what} (a host name for ENOENT). */
    public static IOException of(SocketError e, String what) {
        String m = what + ": " + e.message();
        return switch (e) {
            case ECONNREFUSED -> new ConnectException(m);
            case EAGAIN -> new SocketTimeoutException(what + ": timed out");
            case ETIMEDOUT -> what.startsWith("connect") ? new SocketTimeoutException(m) : new SocketException(m);
            case EHOSTUNREACH, ENETUNREACH -> new NoRouteToHostException(m);
            case EADDRINUSE -> new BindException(m);
            case ENOENT -> new UnknownHostException(what);
            default -> new SocketException(m);
        };
    }
}
