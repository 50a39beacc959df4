/**
 * The Kernite runtime: the library every Kernite process links against. It is the only way a service reaches
 * the kernel ({@link dev.kernite.runtime.Env}) and other services ({@link dev.kernite.runtime.Client},
 * {@link dev.kernite.runtime.Server}, {@link dev.kernite.runtime.Notification}); drivers reach their devices'
 * registers and virtqueues through {@code dev.kernite.runtime.device}. Rings and the kernel link are internal.
 */
module kernite.runtime {
    requires transitive kernite.abi;
    requires kernite.sys;
    exports dev.kernite.runtime;
    exports dev.kernite.runtime.device;
    exports dev.kernite.runtime.names;
    exports dev.kernite.runtime.rs;
    exports dev.kernite.runtime.blk;
    exports dev.kernite.runtime.net;
    exports dev.kernite.runtime.fs;
}
