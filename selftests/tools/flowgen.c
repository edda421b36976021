// SPDX-License-Identifier: GPL-2.0
/*
 * flowgen: offers new UDP flows, one packet each, from one source address
 * with consecutive source ports, as fast as the sender can.
 *
 *   flowgen SRC6|SRC4 DST6|DST4 DPORT FIRST_SPORT COUNT [PPS [SECONDS]]
 *
 * FIRST_SPORT "random:SEED" draws each source port from 1024-65535 with a
 * PRNG seeded by SEED instead (what a port scan or a botnet looks like to
 * the translator); the same SEED sends the same ports.
 *
 * Uses a raw socket so that source ports need no bind() (a /16 worth of
 * flows would otherwise cost one socket each); the kernel fills in the IP
 * header and, for IPv6, the UDP checksum (IPV6_CHECKSUM).  PPS > 0 paces
 * the packets; SECONDS > 0 stops sending after that long even if fewer
 * than COUNT were sent (a flood bounded in time).  Prints "sent N seconds S".
 * A consecutive source port wraps from 65535 to 1024, so COUNT may exceed
 * 64512 only with several source addresses: the caller then runs flowgen
 * once per address.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

struct pkt {
	uint16_t sport, dport, len, csum;
	char payload[16];
};

/* xorshift64: reproducible from its seed, no libc state involved. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static uint16_t next_sport(unsigned long first, unsigned long nth,
			   uint64_t *rng)
{
	if (*rng)
		return 1024 + next_random(rng) % 64512;
	return 1024 + (first - 1024 + nth) % 64512;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage src = { 0 }, dst = { 0 };
	struct pkt pkts[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	unsigned long count, sent = 0, sport = 0;
	uint64_t rng = 0;
	double pps = 0, limit = 0, t0;
	int fd, v6, one = 6;
	socklen_t slen;

	if (argc < 6) {
		fprintf(stderr, "usage: flowgen SRC DST DPORT FIRST_SPORT COUNT [PPS [SECONDS]]\n");
		return 64;
	}
	v6 = strchr(argv[1], ':') != NULL;
	if (v6) {
		struct sockaddr_in6 *s = (void *)&src, *d = (void *)&dst;

		s->sin6_family = d->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, argv[1], &s->sin6_addr) != 1 ||
		    inet_pton(AF_INET6, argv[2], &d->sin6_addr) != 1)
			return 64;
		slen = sizeof(*s);
	} else {
		struct sockaddr_in *s = (void *)&src, *d = (void *)&dst;

		s->sin_family = d->sin_family = AF_INET;
		if (inet_pton(AF_INET, argv[1], &s->sin_addr) != 1 ||
		    inet_pton(AF_INET, argv[2], &d->sin_addr) != 1)
			return 64;
		slen = sizeof(*s);
	}
	if (!strncmp(argv[4], "random:", 7))
		rng = strtoull(argv[4] + 7, NULL, 10) * 2654435761u | 1;
	else
		sport = strtoul(argv[4], NULL, 10);
	count = strtoul(argv[5], NULL, 10);
	if (argc > 6)
		pps = strtod(argv[6], NULL);
	if (argc > 7)
		limit = strtod(argv[7], NULL);

	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, IPPROTO_UDP);
	if (fd < 0 || bind(fd, (void *)&src, slen) < 0) {
		perror("flowgen: socket");
		return 1;
	}
	if (v6 && setsockopt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, &one, sizeof(one)) < 0) {
		perror("flowgen: IPV6_CHECKSUM");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < BATCH; i++) {
		memset(&pkts[i], 0, sizeof(pkts[i]));
		pkts[i].dport = htons(atoi(argv[3]));
		pkts[i].len = htons(sizeof(pkts[i]));
		iov[i].iov_base = &pkts[i];
		iov[i].iov_len = sizeof(pkts[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &dst;
		msgs[i].msg_hdr.msg_namelen = slen;
	}
	t0 = now();
	while (sent < count && (limit <= 0 || now() < t0 + limit)) {
		int n = count - sent < BATCH ? count - sent : BATCH, done;

		if (pps > 0) {
			n = 1;
			while (now() < t0 + sent / pps)
				;
		}
		for (int i = 0; i < n; i++) {
			pkts[i].sport = htons(next_sport(sport, sent + i, &rng));
			pkts[i].csum = 0;
		}
		done = sendmmsg(fd, msgs, n, 0);
		if (done < 0 && errno == ENOBUFS) {
			/* the device queue is full: let it drain */
			usleep(200);
			done = 0;
		} else if (done <= 0) {
			perror("flowgen: sendmmsg");
			return 1;
		}
		sent += done;
	}
	printf("sent %lu seconds %.6f\n", sent, now() - t0);
	return 0;
}
