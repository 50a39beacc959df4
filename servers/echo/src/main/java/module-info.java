/** The echo service: answers every call with the request's own label and payload. Used by demos, tests and benchmarks. */
module kernite.echo {
    requires kernite.runtime;
}
