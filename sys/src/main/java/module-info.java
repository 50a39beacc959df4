/**
 * Host bindings: the Linux calls Kernite needs (memfd, mmap, futex, AF_UNIX sockets with SCM_RIGHTS and
 * SO_PEERCRED, pidfd, poll), through java.lang.foreign. Exported only to the kernel, the runtime and the
 * benchmarks: a service never makes host calls of its own.
 */
module kernite.sys {
    exports dev.kernite.sys to kernite.kernel, kernite.runtime, kernite.machine, kernite.bench;
}
