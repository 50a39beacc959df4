package dev.kernite.runtime.ring;

import dev.kernite.abi.DoorbellLayout;
import dev.kernite.sys.Fd;
import dev.kernite.sys.Mapping;
import dev.kernite.sys.Memfd;

import java.lang.foreign.MemorySegment;

/** An endpoint's doorbell as the kernel would set it up: a memfd mapped twice (server view, clients' view). */
final class TestEndpoint implements AutoCloseable {
    final MemorySegment serverDoorbell;
    final MemorySegment clientDoorbell;
    private final Mapping serverMap;
    private final Mapping clientMap;

    TestEndpoint() {
        int fd = Memfd.create("test-doorbell", DoorbellLayout.SIZE);
        serverMap = Mapping.map(fd, DoorbellLayout.SIZE, true);
        clientMap = Mapping.map(fd, DoorbellLayout.SIZE, true);
        Fd.close(fd);
        serverDoorbell = serverMap.segment();
        clientDoorbell = clientMap.segment();
        serverDoorbell.set(Shm.INT, DoorbellLayout.MAGIC_OFFSET, DoorbellLayout.MAGIC);
        serverDoorbell.set(Shm.INT, DoorbellLayout.VERSION_OFFSET, DoorbellLayout.VERSION);
    }

    @Override
    public void close() {
        serverMap.close();
        clientMap.close();
    }
}
