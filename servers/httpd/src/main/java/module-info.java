/**
 * The HTTP server: serves files of the file system (through {@code fs}) to HTTP/1.1 clients over the netstack's
 * sockets (through {@code net}).
 */
module kernite.httpd {
    requires kernite.runtime;
}
