package dev.kernite.bench.host;

/**
 * A host IPC mechanism that Kernite is compared against: a stream socket between two JVMs on this machine.
 *
 * <p>Thread safety: immutable.
 */
public enum Transport {
    /** An AF_UNIX stream socket bound to a file in a private temporary directory. */
    UDS("Unix socket", "uds"),
    /** A TCP connection over 127.0.0.1 with TCP_NODELAY on both ends. */
    TCP("TCP loopback", "tcp");

    private final String label;
    private final String key;

    Transport(String label, String key) {
        this.label = label;
        this.key = key;
    }

    /** The name shown in result tables, e.g. "Unix socket". */
    public String label() {
        return label;
    }

    /** The short name used on the peer's command line and as a JSON key, e.g. "uds". */
    public String key() {
        return key;
    }

    /** The transport whose {@link #key()} is {@code key}. */
    public static Transport ofKey(String key) {
        for (Transport t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + key + "' (uds or tcp)");
    }
}
