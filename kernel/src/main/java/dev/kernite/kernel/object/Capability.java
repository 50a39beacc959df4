package dev.kernite.kernel.object;

import dev.kernite.abi.CapType;

/**
 * One entry of a capability table: an object, its type and the rights this holder has on it. Immutable; a
 * transfer makes a new entry with rights restricted, never a wider one.
 */
public record Capability(CapType type, KObject object, int rights) {
    public Capability {
        boolean matches = switch (object) {
            case EndpointObject e -> type == CapType.ENDPOINT;
            case ChannelObject c -> type == CapType.CHANNEL;
            case NotificationObject n -> type == CapType.NOTIFICATION;
            case ProcessObject p -> type == CapType.PROCESS;
            case DataspaceObject d -> type == CapType.DATASPACE;
            case DeviceObject d -> type == CapType.DEVICE;
        };
        if (!matches) throw new IllegalArgumentException(type + " capability for " + object.getClass().getSimpleName());
    }
}
