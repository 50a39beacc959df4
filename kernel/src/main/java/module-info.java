/**
 * The Kernite kernel: processes, capabilities, IPC set-up and death handling. It depends only on the ABI and the
 * host bindings, never on the runtime or a server. Only the boot API is exported, and only to the tools that
 * embed a kernel (benchmarks); services reach the kernel solely through their control socket.
 */
module kernite.kernel {
    requires kernite.abi;
    requires kernite.sys;
    exports dev.kernite.kernel to kernite.bench;
    exports dev.kernite.kernel.device to kernite.machine, kernite.bench;
    uses dev.kernite.kernel.device.DeviceProvider;
}
