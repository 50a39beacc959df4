/**
 * The network interface driver: an ordinary user-space service that drives the machine's virtio-style network
 * device and moves Ethernet frames between it and its client (the network stack), batched, one copy each way.
 * rs restarts it like any other service; a restarted driver resets the device and clients attach again.
 */
module kernite.nic {
    requires kernite.runtime;
}
