/**
 * The netstack server: one thread owns the TCP/IP protocol engine ({@code kernite.netstack}) and drives it with
 * frames from the NIC driver, its timers and the socket calls of applications (endpoint {@code net}).
 */
module kernite.net {
    requires kernite.runtime;
    requires kernite.netstack;
}
