// NETLINK_ROUTE helpers (netlink(7), rtnetlink(7)) for the interface
// tests: a socket, requests, a reader that collects one reply (all parts
// of a dump), and attribute parsing with the <linux/rtnetlink.h> macros.
#ifndef CUB_CONFORMANCE_NETLINK_UTIL_H
#define CUB_CONFORMANCE_NETLINK_UTIL_H

#include <net/if.h>  // before the linux/ headers, which defer to it
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

namespace cub {

// A NETLINK_ROUTE socket bound with nl_pid 0 (the kernel picks the port
// id) and the given multicast groups.  -1 on failure.
inline int NetlinkSocket(int type = SOCK_RAW, unsigned groups = 0) {
  int fd = socket(AF_NETLINK, type | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return -1;
  sockaddr_nl a = {};
  a.nl_family = AF_NETLINK;
  a.nl_groups = groups;
  if (bind(fd, (sockaddr*)&a, sizeof(a)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

inline sockaddr_nl NetlinkName(int fd) {
  sockaddr_nl a = {};
  socklen_t len = sizeof(a);
  if (getsockname(fd, (sockaddr*)&a, &len) != 0) a.nl_family = 0;
  return a;
}

// Sends one message (header + payload) to the kernel (nl_pid 0).
inline ssize_t NetlinkSend(int fd, uint16_t type, uint16_t flags, uint32_t seq,
                           const void* payload, size_t len) {
  std::string buf(NLMSG_SPACE(len), '\0');
  nlmsghdr* h = (nlmsghdr*)&buf[0];
  h->nlmsg_len = NLMSG_LENGTH(len);
  h->nlmsg_type = type;
  h->nlmsg_flags = flags;
  h->nlmsg_seq = seq;
  h->nlmsg_pid = 0;
  if (len) memcpy(NLMSG_DATA(h), payload, len);
  sockaddr_nl to = {};
  to.nl_family = AF_NETLINK;
  return sendto(fd, buf.data(), h->nlmsg_len, 0, (sockaddr*)&to, sizeof(to));
}

// One received message: its header and its payload (after the header).
struct NlMsg {
  nlmsghdr hdr;
  std::string data;
  template <typename T>
  const T* as() const {
    return data.size() >= sizeof(T) ? (const T*)data.data() : nullptr;
  }
  // The error of an NLMSG_ERROR message (0 is an ACK), or 1 if this is not
  // one.
  int error() const {
    const nlmsgerr* e = as<nlmsgerr>();
    return hdr.nlmsg_type == NLMSG_ERROR && e ? e->error : 1;
  }
};

// Reads datagrams until a reply is complete: for a multipart reply, up to
// and including NLMSG_DONE; else after the first datagram (and, with
// want_ack, up to the NLMSG_ERROR that ends it).  Returns false on a
// receive error or a malformed message.
inline bool NetlinkRecv(int fd, std::vector<NlMsg>* out, bool want_ack = false) {
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n < 0) return false;
    bool multi = false, done = false, err = false;
    int len = (int)n;
    for (nlmsghdr* h = (nlmsghdr*)buf.data(); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      NlMsg m;
      m.hdr = *h;
      m.data.assign((const char*)NLMSG_DATA(h), h->nlmsg_len - NLMSG_HDRLEN);
      out->push_back(m);
      if (h->nlmsg_flags & NLM_F_MULTI) multi = true;
      if (h->nlmsg_type == NLMSG_DONE) done = true;
      if (h->nlmsg_type == NLMSG_ERROR) err = true;
    }
    if (len != 0) return false;  // trailing garbage
    if (done || err) return true;
    if (!multi && !want_ack) return true;
  }
}

// The rtattrs after a fixed header of hdrlen bytes, by type (the last
// one of each type wins).
inline std::map<int, std::string> Attrs(const NlMsg& m, size_t hdrlen) {
  std::map<int, std::string> attrs;
  if (m.data.size() < NLMSG_ALIGN(hdrlen)) return attrs;
  int len = (int)(m.data.size() - NLMSG_ALIGN(hdrlen));
  for (const rtattr* a = (const rtattr*)(m.data.data() + NLMSG_ALIGN(hdrlen));
       RTA_OK(a, len); a = RTA_NEXT(a, len))
    attrs[a->rta_type].assign((const char*)RTA_DATA(a), RTA_PAYLOAD(a));
  return attrs;
}

// A string attribute without its NUL.
inline std::string AttrString(const std::map<int, std::string>& attrs, int type) {
  auto it = attrs.find(type);
  if (it == attrs.end()) return "";
  return std::string(it->second.c_str());
}

struct NlLink {
  int index = 0;
  unsigned flags = 0;
  unsigned short type = 0;
  std::string name;
  bool has_mtu = false;
  unsigned mtu = 0;
  std::string address;  // IFLA_ADDRESS bytes
  bool has_address = false;
};

inline NlLink ParseLink(const NlMsg& m) {
  NlLink l;
  const ifinfomsg* ifi = m.as<ifinfomsg>();
  if (!ifi) return l;
  l.index = ifi->ifi_index;
  l.flags = ifi->ifi_flags;
  l.type = ifi->ifi_type;
  auto attrs = Attrs(m, sizeof(ifinfomsg));
  l.name = AttrString(attrs, IFLA_IFNAME);
  auto mtu = attrs.find(IFLA_MTU);
  if (mtu != attrs.end() && mtu->second.size() == sizeof(unsigned)) {
    l.has_mtu = true;
    memcpy(&l.mtu, mtu->second.data(), sizeof(unsigned));
  }
  auto addr = attrs.find(IFLA_ADDRESS);
  if (addr != attrs.end()) {
    l.has_address = true;
    l.address = addr->second;
  }
  return l;
}

// RTM_GETLINK dump: every link (empty on failure).
inline std::vector<NlLink> DumpLinks() {
  std::vector<NlLink> links;
  int fd = NetlinkSocket();
  if (fd < 0) return links;
  ifinfomsg ifi = {};
  ifi.ifi_family = AF_UNSPEC;
  std::vector<NlMsg> msgs;
  if (NetlinkSend(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1, &ifi, sizeof(ifi)) > 0 &&
      NetlinkRecv(fd, &msgs)) {
    for (const NlMsg& m : msgs)
      if (m.hdr.nlmsg_type == RTM_NEWLINK) links.push_back(ParseLink(m));
  }
  close(fd);
  return links;
}

struct NlAddr {
  int family = 0;
  int prefixlen = 0;
  int scope = 0;
  int index = 0;
  std::string address, local, label;  // raw address bytes; label string
};

inline NlAddr ParseAddr(const NlMsg& m) {
  NlAddr a;
  const ifaddrmsg* ifa = m.as<ifaddrmsg>();
  if (!ifa) return a;
  a.family = ifa->ifa_family;
  a.prefixlen = ifa->ifa_prefixlen;
  a.scope = ifa->ifa_scope;
  a.index = (int)ifa->ifa_index;
  auto attrs = Attrs(m, sizeof(ifaddrmsg));
  if (attrs.count(IFA_ADDRESS)) a.address = attrs[IFA_ADDRESS];
  if (attrs.count(IFA_LOCAL)) a.local = attrs[IFA_LOCAL];
  a.label = AttrString(attrs, IFA_LABEL);
  return a;
}

// RTM_GETADDR dump of one family (AF_UNSPEC: all).
inline std::vector<NlAddr> DumpAddrs(int family) {
  std::vector<NlAddr> addrs;
  int fd = NetlinkSocket();
  if (fd < 0) return addrs;
  ifaddrmsg ifa = {};
  ifa.ifa_family = (unsigned char)family;
  std::vector<NlMsg> msgs;
  if (NetlinkSend(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 1, &ifa, sizeof(ifa)) > 0 &&
      NetlinkRecv(fd, &msgs)) {
    for (const NlMsg& m : msgs)
      if (m.hdr.nlmsg_type == RTM_NEWADDR) addrs.push_back(ParseAddr(m));
  }
  close(fd);
  return addrs;
}

// Raw bytes of an address, for comparing with attributes.
inline std::string Bytes(const void* p, size_t n) { return std::string((const char*)p, n); }

}  // namespace cub

#endif  // CUB_CONFORMANCE_NETLINK_UTIL_H
