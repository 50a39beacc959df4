/**
 * The protocol engine of Kernite's user-space TCP/IP stack: Ethernet II, ARP, IPv4 (with reassembly), ICMP echo,
 * UDP, TCP (RFC 9293 with RFC 6298 timers, RFC 5681/6582 NewReno, RFC 7323 window scaling), and the DNS and DHCP
 * client codecs. A pure library: no IPC, no threads, no host network. The netstack server drives one
 * {@link dev.kernite.netstack.NetStack} from one thread with frames from the NIC driver, timer ticks and socket calls.
 */
module kernite.netstack {
    exports dev.kernite.netstack;
    exports dev.kernite.netstack.wire;
    exports dev.kernite.netstack.arp;
    exports dev.kernite.netstack.ip;
    exports dev.kernite.netstack.udp;
    exports dev.kernite.netstack.tcp;
    exports dev.kernite.netstack.dns;
    exports dev.kernite.netstack.dhcp;
}
