/** Benchmarks: Kernite beside the host's own mechanisms, in one run, with ratios. */
module kernite.bench {
    requires kernite.kernel;
    requires kernite.runtime;
    uses dev.kernite.kernel.device.DeviceProvider;
}
