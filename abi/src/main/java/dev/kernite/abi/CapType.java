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
    PROCESS(4),
    /**
     * Memory: a range of a memfd-backed region, charged to the quota of the process that allocated it. READ lets
     * a holder map it, WRITE map it writable; grants make child capabilities (sub-ranges, fewer rights) that
     * revoke takes back.
     */
    DATASPACE(5),
    /** A device of the machine: its register region, interrupt line and IOMMU (USE). */
    DEVICE(6);

    private final int code;

    CapType(int code) { this.code = code; }

    public int code() { return code; }

    /** Decodes a wire code, or returns null when the code names no type. */
    public static CapType fromCode(int code) {
        for (CapType t : values()) if (t.code == code) return t;
        return null;
    }
}
