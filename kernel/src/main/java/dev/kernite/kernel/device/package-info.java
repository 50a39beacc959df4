/**
 * The kernel's side of the machine: devices are register regions, interrupt lines and an IOMMU window, nothing
 * more. Device models (the "hardware") implement {@link dev.kernite.kernel.device.DeviceModel} in the machine
 * module; the kernel finds them through {@link dev.kernite.kernel.device.DeviceProvider}.
 */
package dev.kernite.kernel.device;
