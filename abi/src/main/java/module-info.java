/**
 * The Kernite ABI: everything a process and the kernel must agree on, and nothing else.
 * Errors ({@link dev.kernite.abi.Status}), rights, capability types, the shared-memory layouts of channels,
 * doorbells and notifications, the device layouts (registers, virtqueues, block requests), file-system errors, and the control
 * protocol spoken over each process's kernel socket.
 */
module kernite.abi {
    exports dev.kernite.abi;
    exports dev.kernite.abi.control;
    exports dev.kernite.abi.device;
    exports dev.kernite.abi.fs;
}
