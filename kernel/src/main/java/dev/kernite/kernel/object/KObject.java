package dev.kernite.kernel.object;

/**
 * A kernel object a capability can name. Every object's mutable state is guarded by the kernel lock
 * ({@code Kernel.lock}); none of these classes synchronizes on its own.
 */
public sealed interface KObject permits EndpointObject, ChannelObject, NotificationObject, ProcessObject,
    DataspaceObject, DeviceObject {
    /** A kernel-wide id, for introspection and logs. */
    int id();
}
