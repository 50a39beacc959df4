/**
 * The machine: Kernite's "hardware". Virtio-style device models (a block device on an image file) that the
 * kernel attaches to register regions, interrupt lines and an IOMMU window. The kernel depends only on the
 * {@code dev.kernite.kernel.device} interfaces; it finds this module through its provider.
 */
module kernite.machine {
    requires kernite.abi;
    requires kernite.sys;
    requires kernite.kernel;
    provides dev.kernite.kernel.device.DeviceProvider with dev.kernite.machine.Machine;
}
