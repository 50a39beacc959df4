package dev.kernite.kernel.object;

import java.nio.ByteBuffer;

/**
 * Where the kernel posts messages for a process (replies and events) without ever blocking on it. The
 * implementation duplicates the given file descriptors before {@link #post} returns, so the caller may close its
 * own at once.
 *
 * <p>Thread safety: implementations are thread-safe.
 */
public interface Mailbox {
    void post(ByteBuffer message, int... fds);
}
