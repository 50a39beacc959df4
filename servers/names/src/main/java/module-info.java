/** The names service: maps service names to endpoint capabilities (docs/system-services.md). */
module kernite.names {
    requires kernite.runtime;
}
