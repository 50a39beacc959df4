/**
 * The reincarnation server: starts, watches (death notices, heartbeats) and restarts services by their policy,
 * and registers their endpoints with names. Also holds the misbehaving test services its system tests use
 * ({@code dev.kernite.rs.probe}); nothing is exported.
 */
module kernite.rs {
    requires kernite.runtime;
}
