package dev.kernite.runtime.ring;

import dev.kernite.abi.ChannelLayout;
import dev.kernite.abi.Status;
import dev.kernite.sys.Fd;
import dev.kernite.sys.Mapping;
import dev.kernite.sys.Memfd;

import java.lang.foreign.MemorySegment;

/**
 * A channel as the kernel would set it up: a memfd formatted per {@link ChannelLayout} and mapped twice — the
 * client's and the server's view, as two processes would see it — on an endpoint's doorbell. Also plays the
 * kernel: {@link #kernelClose} writes a closing status and wakes everyone.
 */
final class TestChannel implements AutoCloseable {
    final ChannelGeometry geometry;
    final TestEndpoint endpoint;
    final MemorySegment clientView;
    final MemorySegment serverView;
    private final Mapping clientMap;
    private final Mapping serverMap;
    private final boolean ownsEndpoint;

    private TestChannel(ChannelGeometry geometry, TestEndpoint endpoint) {
        this.geometry = geometry;
        this.ownsEndpoint = endpoint == null;
        this.endpoint = endpoint != null ? endpoint : new TestEndpoint();
        long size = geometry.segmentSize();
        int fd = Memfd.create("test-channel", size);
        clientMap = Mapping.map(fd, size, true);
        serverMap = Mapping.map(fd, size, true);
        Fd.close(fd);
        clientView = clientMap.segment();
        serverView = serverMap.segment();
        format(serverView, geometry);
    }

    /** A channel of the default geometry on its own endpoint. */
    static TestChannel create() {
        return create(ChannelGeometry.defaults());
    }

    /** A channel of {@code geometry} on its own endpoint. */
    static TestChannel create(ChannelGeometry geometry) {
        return new TestChannel(geometry, null);
    }

    /** A channel of {@code geometry} on a shared endpoint (the caller closes the endpoint). */
    static TestChannel create(ChannelGeometry geometry, TestEndpoint endpoint) {
        return new TestChannel(geometry, endpoint);
    }

    /** Writes a fresh channel header: magic, version, geometry; the rest of the control page zero. */
    static void format(MemorySegment seg, ChannelGeometry g) {
        seg.asSlice(0, ChannelLayout.SLOTS_OFFSET).fill((byte) 0);
        seg.set(Shm.INT, ChannelLayout.VERSION_OFFSET, ChannelLayout.VERSION);
        seg.set(Shm.INT, ChannelLayout.SLOT_SIZE_OFFSET, g.slotSize());
        seg.set(Shm.INT, ChannelLayout.REQ_SLOTS_OFFSET, g.reqSlots());
        seg.set(Shm.INT, ChannelLayout.REP_SLOTS_OFFSET, g.repSlots());
        seg.set(Shm.INT, ChannelLayout.MAGIC_OFFSET, ChannelLayout.MAGIC);
    }

    ClientRings client() {
        ClientRings c = ClientRings.open(clientView, endpoint.clientDoorbell);
        if (c == null) throw new AssertionError("client open failed");
        return c;
    }

    ServerRings server(long badge) {
        ServerRings s = ServerRings.open(serverView, badge);
        if (s == null) throw new AssertionError("server open failed");
        return s;
    }

    /** The kernel closes the channel (a peer died, a capability was revoked): state, closer, wake-ups. */
    void kernelClose(Status reason) {
        ChannelState.close(serverView, reason, ChannelLayout.BY_KERNEL);
    }

    @Override
    public void close() {
        clientMap.close();
        serverMap.close();
        if (ownsEndpoint) endpoint.close();
    }
}
