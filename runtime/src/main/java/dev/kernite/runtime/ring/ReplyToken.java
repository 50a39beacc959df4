package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;

/**
 * Where a received message came from and how to answer it: the server channel, the kind (call or send) and the
 * call id. It lives inside a {@link dev.kernite.runtime.Message} and is filled by {@link ServerRings#poll}; a
 * reply consumes it, so a call is answered at most once. Opaque outside the runtime.
 *
 * <p>Thread safety: not thread-safe; owned by its message.
 */
public final class ReplyToken {
    ServerRings channel;
    int kind;
    int callId;

    public ReplyToken() {}

    /** True if the message is a received call not yet answered. */
    public boolean isCall() {
        return channel != null && kind == ChannelLayout.KIND_CALL;
    }

    /** The channel the message came in on, or null. */
    public ServerRings channel() {
        return channel;
    }

    /** Forgets the token: nothing to answer. */
    public void clear() {
        channel = null;
        kind = 0;
        callId = 0;
    }

    /** Takes over {@code other}'s token and clears {@code other}. */
    public void moveFrom(ReplyToken other) {
        channel = other.channel;
        kind = other.kind;
        callId = other.callId;
        other.clear();
    }

    void set(ServerRings channel, int kind, int callId) {
        this.channel = channel;
        this.kind = kind;
        this.callId = callId;
    }
}
