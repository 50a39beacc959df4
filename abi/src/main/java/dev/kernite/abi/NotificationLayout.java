package dev.kernite.abi;

/**
 * Layout of a notification: a page holding a word of pending bits. {@code signal(bits)} ORs bits into the word and
 * wakes the futex on it when a waiter is registered; {@code wait()} atomically takes (and clears) the pending bits,
 * sleeping on the word while it is zero.
 *
 * <pre>
 *   0 ┌ magic i32 'KNNT' │ version i32 ┐
 *  64 ├ bits i32 (futex word)          ┤
 * 128 ├ waiters i32                    ┤
 *     └ zero to 4096 ────────────────── ┘
 * </pre>
 *
 * <p>Trust: every process holding the notification maps this page read-write, so the mapping cannot stop a
 * signaller from also taking bits; rights are checked by the kernel when the capability is handed out.
 */
public final class NotificationLayout {
    private NotificationLayout() {}

    public static final int MAGIC = 0x544E4E4B; // "KNNT"
    public static final int VERSION = 1;
    public static final long MAGIC_OFFSET = 0;
    public static final long VERSION_OFFSET = 4;
    public static final long BITS_OFFSET = 64;
    public static final long WAITERS_OFFSET = 128;
    public static final long SIZE = 4096;
}
