/**
 * The block driver: an ordinary user-space service that drives the machine's virtio-style block device and serves
 * sectors to clients through IPC, the data moving by DMA straight between the device and each client's granted
 * buffer. rs restarts it like any other service; a restarted driver resets the device and clients send again
 * what was in flight.
 */
module kernite.blk {
    requires kernite.runtime;
}
