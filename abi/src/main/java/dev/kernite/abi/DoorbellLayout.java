package dev.kernite.abi;

/**
 * Layout of an endpoint's doorbell: one page that the server and every connected client map. A client that
 * published a request while the server slept (it saw {@link ChannelLayout#SERVER_SLEEPING_OFFSET} set on its own
 * channel) adds one to {@code seq} and wakes the futex on it; the server sleeps on the value of {@code seq} it read
 * before its last scan.
 *
 * <pre>
 *   0 ┌ magic i32 'KNDB' │ version i32 ┐
 *  64 ├ seq i32 (futex word)           ┤
 *     └ zero to 4096 ────────────────── ┘
 * </pre>
 *
 * <p>Trust: every client can write this page. The worst a hostile client can do is wake the server spuriously
 * (it then rescans and sleeps again); whether a message is waiting is decided only by each channel's own rings
 * and sleep flags, which no other client can touch.
 */
public final class DoorbellLayout {
    private DoorbellLayout() {}

    public static final int MAGIC = 0x42444E4B; // "KNDB"
    public static final int VERSION = 1;
    public static final long MAGIC_OFFSET = 0;
    public static final long VERSION_OFFSET = 4;
    public static final long SEQ_OFFSET = 64;
    public static final long SIZE = 4096;
}
