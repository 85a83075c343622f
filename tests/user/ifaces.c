/*
 * ifaces - prints the network interfaces as a program sees them through
 * glibc (getifaddrs and if_nameindex, both on NETLINK_ROUTE) and through
 * the SIOCGIFCONF ioctl, one line each, then "ifaces: N interfaces"
 * (N from if_nameindex), after checking a raw NETLINK_ROUTE socket the
 * way Linux answers it ("netlink: ..." lines; a mismatch is an error).
 * Exits 0 when every call and check worked.  The same
 * static binary runs on Linux (the ifaces-host test) and in cub
 * (images/ifaces).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *family_name(int f)
{
	switch (f) {
	case AF_INET: return "inet";
	case AF_INET6: return "inet6";
	case AF_PACKET: return "packet";
	}
	return "other";
}

static void format_addr(const struct sockaddr *sa, char *out, size_t n)
{
	if (!sa) {
		snprintf(out, n, "-");
		return;
	}
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_PACKET) {
		const struct sockaddr_ll *ll = (const struct sockaddr_ll *)sa;
		size_t off = 0;
		out[0] = 0;
		for (int i = 0; i < ll->sll_halen && off + 4 < n; i++)
			off += (size_t)snprintf(out + off, n - off, "%s%02x", i ? ":" : "", ll->sll_addr[i]);
		if (!ll->sll_halen)
			snprintf(out, n, "-");
	} else {
		snprintf(out, n, "?");
	}
}


static int nl_failed;

#define NL_CHECK(cond)                                                           \
	do {                                                                     \
		if (!(cond)) {                                                   \
			fprintf(stderr, "ifaces: netlink check failed: %s (line %d, errno %d)\n", \
			        #cond, __LINE__, errno);                         \
			nl_failed = 1;                                           \
		}                                                                \
	} while (0)

static void nl_send(int fd, uint16_t type, uint16_t flags, uint32_t seq, int index)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.i));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = flags;
	req.h.nlmsg_seq = seq;
	req.i.ifi_index = index;
	struct sockaddr_nl to = {.nl_family = AF_NETLINK};
	NL_CHECK(sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&to, sizeof(to)) ==
	         (ssize_t)req.h.nlmsg_len);
}

/* One datagram: the error of its single NLMSG_ERROR, checking seq and pid. */
static int nl_error(int fd, uint32_t seq, uint32_t port)
{
	char buf[8192];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);
	const struct nlmsghdr *h = (const void *)buf;
	NL_CHECK(n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)));
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return 1;
	NL_CHECK(h->nlmsg_type == NLMSG_ERROR);
	NL_CHECK(h->nlmsg_seq == seq && h->nlmsg_pid == port);
	return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/* The Linux behaviour glibc and iproute2 rely on. */
static void check_netlink(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	NL_CHECK(fd >= 0);
	if (fd < 0)
		return;
	struct sockaddr_nl me = {.nl_family = AF_NETLINK};
	NL_CHECK(bind(fd, (struct sockaddr *)&me, sizeof(me)) == 0);
	socklen_t len = sizeof(me);
	NL_CHECK(getsockname(fd, (struct sockaddr *)&me, &len) == 0 && len == sizeof(me));
	NL_CHECK(me.nl_family == AF_NETLINK && me.nl_pid == (uint32_t)getpid());

	/* A link dump with NLM_F_ACK: NEWLINKs then DONE (int 0), no ack. */
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, 42, 0);
	int links = 0, done = 0;
	while (!done) {
		char buf[16384];
		ssize_t peek = recv(fd, buf, 1, MSG_PEEK | MSG_TRUNC);
		NL_CHECK(peek > 1);
		struct sockaddr_nl from;
		struct iovec iov = {buf, sizeof(buf)};
		struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof(from),
		                     .msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n = recvmsg(fd, &msg, 0);
		NL_CHECK(n == peek);
		if (n <= 0)
			break;
		NL_CHECK(msg.msg_namelen == sizeof(from) && from.nl_pid == 0 && !(msg.msg_flags & MSG_TRUNC));
		int left = (int)n;
		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			NL_CHECK(h->nlmsg_seq == 42 && h->nlmsg_pid == me.nl_pid);
			NL_CHECK(h->nlmsg_flags & NLM_F_MULTI);
			if (h->nlmsg_type == NLMSG_DONE) {
				NL_CHECK(h->nlmsg_len == NLMSG_LENGTH(sizeof(int)));
				NL_CHECK(*(int *)NLMSG_DATA(h) == 0);
				done = 1;
			} else {
				NL_CHECK(h->nlmsg_type == RTM_NEWLINK);
				links++;
			}
		}
	}
	char c;
	NL_CHECK(recv(fd, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN);
	printf("netlink: dump ends with NLMSG_DONE and no ack\n");

	/* A short buffer: MSG_TRUNC, and the datagram is gone. */
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 43, 0);
	struct iovec iov = {&c, 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	NL_CHECK(recvmsg(fd, &msg, 0) == 1 && (msg.msg_flags & MSG_TRUNC));
	while (recv(fd, &c, 1, MSG_DONTWAIT) > 0) /* the rest of a long dump */
		;
	printf("netlink: a short recv is MSG_TRUNC\n");

	/* Errors: an unknown index, an unknown type; a lookup with NLM_F_ACK
	   answers, then acks with 0. */
	nl_send(fd, RTM_GETLINK, NLM_F_REQUEST, 44, 0x7fffffff);
	NL_CHECK(nl_error(fd, 44, me.nl_pid) == -ENODEV);
	nl_send(fd, RTM_MAX + 1, NLM_F_REQUEST, 45, 0);
	NL_CHECK(nl_error(fd, 45, me.nl_pid) == -EOPNOTSUPP);
	nl_send(fd, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 46, 0);
	NL_CHECK(nl_error(fd, 46, me.nl_pid) == 0);
	printf("netlink: ENODEV, EOPNOTSUPP and acks as Linux\n");
	(void)links;
	close(fd);
}

/* Changes need CAP_NET_ADMIN: as nobody, SIOCSIFMTU and RTM_SETLINK are
   EPERM (checked before the name or index is looked up, as Linux).  Run
   in a child that drops to uid/gid 65534; skipped when not root. */
static void check_unprivileged(void)
{
	if (getuid() != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		nl_failed = 0;
		NL_CHECK(setgid(65534) == 0 && setuid(65534) == 0);
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		struct ifreq r;
		memset(&r, 0, sizeof(r));
		strcpy(r.ifr_name, "lo");
		r.ifr_mtu = 1500;
		NL_CHECK(ioctl(s, SIOCSIFMTU, &r) < 0 && errno == EPERM);
		strcpy(r.ifr_name, "nosuch0");
		NL_CHECK(ioctl(s, SIOCSIFFLAGS, &r) < 0 && errno == EPERM);
		close(s);
		int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
		struct sockaddr_nl me = {.nl_family = AF_NETLINK};
		socklen_t len = sizeof(me);
		NL_CHECK(bind(fd, (struct sockaddr *)&me, sizeof(me)) == 0);
		NL_CHECK(getsockname(fd, (struct sockaddr *)&me, &len) == 0);
		nl_send(fd, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, 50, 1);
		NL_CHECK(nl_error(fd, 50, me.nl_pid) == -EPERM);
		close(fd);
		_exit(nl_failed);
	}
	int status = 0;
	NL_CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	NL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	printf("netlink: changes are EPERM without privilege\n");
}

/* Root may send to another netlink socket: a blocking recv sleeps until
   the child's first datagram comes, and poll says POLLIN for its second;
   the name is the sender's port. */
static void check_blocking(void)
{
	if (getuid() != 0)
		return;
	int a = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl me = {.nl_family = AF_NETLINK};
	socklen_t len = sizeof(me);
	NL_CHECK(bind(a, (struct sockaddr *)&me, sizeof(me)) == 0);
	NL_CHECK(getsockname(a, (struct sockaddr *)&me, &len) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		int b = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
		struct nlmsghdr h = {.nlmsg_len = sizeof(h), .nlmsg_type = NLMSG_NOOP, .nlmsg_seq = 7};
		struct sockaddr_nl to = {.nl_family = AF_NETLINK, .nl_pid = me.nl_pid};
		struct timespec t = {0, 100 * 1000 * 1000};
		for (int i = 0; i < 2; i++) {
			nanosleep(&t, 0);
			if (sendto(b, &h, sizeof(h), 0, (struct sockaddr *)&to, sizeof(to)) != sizeof(h))
				_exit(1);
		}
		_exit(0);
	}
	struct nlmsghdr got;
	struct sockaddr_nl from;
	socklen_t flen = sizeof(from);
	NL_CHECK(recvfrom(a, &got, sizeof(got), 0, (struct sockaddr *)&from, &flen) == sizeof(got));
	NL_CHECK(got.nlmsg_seq == 7 && from.nl_pid == (uint32_t)pid);
	struct pollfd p = {.fd = a, .events = POLLIN};
	NL_CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
	NL_CHECK(recv(a, &got, sizeof(got), MSG_DONTWAIT) == sizeof(got));
	int status = 0;
	NL_CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(a);
	printf("netlink: a blocking recv and poll wake for a datagram\n");
}

int main(void)
{
	check_netlink();
	check_unprivileged();
	check_blocking();
	printf("netlink: %s\n", nl_failed ? "FAILED" : "ok");
	int failed = 0;
	struct ifaddrs *list;

	if (getifaddrs(&list) != 0) {
		perror("ifaces: getifaddrs");
		failed = 1;
	} else {
		for (struct ifaddrs *a = list; a; a = a->ifa_next) {
			char addr[64], mask[64];
			format_addr(a->ifa_addr, addr, sizeof(addr));
			format_addr(a->ifa_netmask, mask, sizeof(mask));
			printf("getifaddrs: %s %s %s %s flags=0x%x\n", a->ifa_name,
			       a->ifa_addr ? family_name(a->ifa_addr->sa_family) : "none", addr, mask,
			       a->ifa_flags);
		}
		freeifaddrs(list);
	}

	int count = 0;
	struct if_nameindex *ni = if_nameindex();
	if (!ni) {
		perror("ifaces: if_nameindex");
		failed = 1;
	} else {
		for (struct if_nameindex *p = ni; p->if_index; p++, count++)
			printf("if_nameindex: %u %s\n", p->if_index, p->if_name);
		if_freenameindex(ni);
	}

	/* Any socket answers SIOCGIFCONF; AF_INET is the usual one, and cub
	   has none until the stack is there. */
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("ifaces: socket");
		failed = 1;
	} else {
		struct ifconf ifc;
		memset(&ifc, 0, sizeof(ifc));
		if (ioctl(fd, SIOCGIFCONF, &ifc) != 0) { /* ifc_buf NULL: the length */
			perror("ifaces: SIOCGIFCONF");
			failed = 1;
		} else {
			struct ifreq reqs[64];
			int need = ifc.ifc_len;
			ifc.ifc_len = sizeof(reqs);
			ifc.ifc_req = reqs;
			if (ioctl(fd, SIOCGIFCONF, &ifc) != 0) {
				perror("ifaces: SIOCGIFCONF");
				failed = 1;
			} else {
				if (need != ifc.ifc_len && need <= (int)sizeof(reqs)) {
					fprintf(stderr, "ifaces: SIOCGIFCONF length %d then %d\n", need, ifc.ifc_len);
					failed = 1;
				}
				for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++) {
					char addr[64];
					format_addr(&reqs[i].ifr_addr, addr, sizeof(addr));
					printf("siocgifconf: %s %s\n", reqs[i].ifr_name, addr);
				}
			}
		}
		close(fd);
	}
	printf("ifaces: %d interfaces\n", count);
	fflush(stdout);
	return failed || nl_failed;
}
