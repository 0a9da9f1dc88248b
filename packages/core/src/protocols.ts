/**
 * IP protocol names (lower case) → numbers: the names nfdump prints and accepts in filters, plus the
 * /etc/protocols spellings. The filter language and the nfdump CSV reader share this one table.
 */
export const PROTOCOLS: Readonly<Record<string, number>> = {
  hopopt: 0, icmp: 1, igmp: 2, ggp: 3, ipip: 4, ipencap: 4, st: 5, tcp: 6, cbt: 7, egp: 8, igp: 9, pup: 12, udp: 17, hmp: 20,
  'xns-idp': 22, rdp: 27, 'iso-tp4': 29, dccp: 33, xtp: 36, ddp: 37, 'idpr-cmtp': 38, ipv6: 41, 'ipv6-route': 43, 'ipv6-frag': 44,
  idrp: 45, rsvp: 46, gre: 47, esp: 50, ah: 51, skip: 57, icmp6: 58, 'ipv6-icmp': 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, rspf: 73,
  vmtp: 81, eigrp: 88, ospf: 89, 'ax.25': 93, etherip: 97, encap: 98, pim: 103, ipcomp: 108, vrrp: 112, l2tp: 115, isis: 124,
  sctp: 132, fc: 133, udplite: 136, 'mpls-in-ip': 137,
};
