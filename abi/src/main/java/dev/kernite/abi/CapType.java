package dev.kernite.abi;

/**
 * The kinds of kernel object a capability can name. Codes are stable wire values.
 *
 * <p>Thread safety: immutable.
 */
public enum CapType {
    /** A service port: SERVE lets a process receive on it, SEND lets a process connect to it. */
    ENDPOINT(1),
    /** One client-server connection: a shared-memory segment with a request ring and a reply ring. */
    CHANNEL(2),
    /** A word of bits that can be signalled and waited on. */
    NOTIFICATION(3),
    /** Another process: to watch its death or to kill it. */
    PROCESS(4);

    private final int code;

    CapType(int code) { this.code = code; }

    public int code() { return code; }

    /** Decodes a wire code, or returns null when the code names no type. */
    public static CapType fromCode(int code) {
        for (CapType t : values()) if (t.code == code) return t;
        return null;
    }
}
