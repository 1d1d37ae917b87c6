#!/usr/bin/env python3
"""Delays every packet iptables hands to an NFQUEUE by a fixed time: netem's "delay" for kernels
built without sch_netem (FaultsIT, docs/reliability.md).

Run it in the network namespace whose iptables rules send packets to the queue, e.g.
    iptables -A OUTPUT -o veth0 -p tcp --dport 179 -j NFQUEUE --queue-num 7 --queue-bypass
    nfqueue-delay.py --queue 7 --delay-ms 200
Each packet is held in the kernel's queue; this program only says when to let it go (an ACCEPT
verdict DELAY after the packet arrived, in arrival order), so nothing is copied or re-injected
and TCP sees a plain 200 ms longer path. Talks nfnetlink_queue over a raw netlink socket with the
standard library only (no libnetfilter_queue). Prints "ready" once bound, and on SIGTERM/SIGINT
the number of packets delayed and the largest lateness of a verdict; then exits, and packets
arriving later pass undelayed (--queue-bypass).
"""
import argparse
import collections
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, kind) + payload + b"\0" * ((4 - n % 4) % 4)


def message(msg_type, queue, attrs, flags=NLM_F_REQUEST, seq=0):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg_type, flags, seq, 0) + body


def expect_ack(sock, what):
    data = sock.recv(65536)
    length, kind = struct.unpack_from("=IH", data, 0)
    if kind == NLMSG_ERROR:
        err = struct.unpack_from("=i", data, 16)[0]
        if err != 0:
            sys.exit("nfqueue-delay: %s refused: errno %d" % (what, -err))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queue", type=int, required=True)
    ap.add_argument("--delay-ms", type=float, required=True)
    args = ap.parse_args()
    delay = args.delay_ms / 1000.0

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((0, 0))
    sock.send(message(NFQNL_MSG_CONFIG, args.queue,
                      [attr(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, socket.AF_UNSPEC))],
                      NLM_F_REQUEST | NLM_F_ACK, 1))
    expect_ack(sock, "binding queue %d" % args.queue)
    sock.send(message(NFQNL_MSG_CONFIG, args.queue,
                      [attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)),
                       attr(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", 20000))],
                      NLM_F_REQUEST | NLM_F_ACK, 2))
    expect_ack(sock, "configuring queue %d" % args.queue)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    print("ready", flush=True)

    due = collections.deque()  # (release time, packet id), in arrival order: one delay for all
    count = 0
    worst = 0.0
    while not stop:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else 0.5
        try:
            readable, _, _ = select.select([sock], [], [], timeout)
        except InterruptedError:
            continue
        if readable:
            while True:
                try:
                    data = sock.recv(1 << 20, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                now = time.monotonic()
                off = 0
                while off + 16 <= len(data):
                    length, kind = struct.unpack_from("=IH", data, off)
                    if length < 16:
                        break
                    if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                        a = off + 20
                        while a + 4 <= off + length:
                            alen, akind = struct.unpack_from("=HH", data, a)
                            if alen < 4:
                                break
                            if akind & 0x7fff == NFQA_PACKET_HDR:
                                due.append((now + delay, struct.unpack_from("!I", data, a + 4)[0]))
                                count += 1
                            a += (alen + 3) & ~3
                    off += (length + 3) & ~3
        now = time.monotonic()
        while due and due[0][0] <= now:
            release, pid = due.popleft()
            worst = max(worst, now - release)
            sock.send(message(NFQNL_MSG_VERDICT, args.queue,
                              [attr(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid))]))
    for _, pid in due:  # let what is still held go now
        sock.send(message(NFQNL_MSG_VERDICT, args.queue, [attr(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid))]))
    print("delayed %d packets by %.0f ms; latest verdict %.1f ms late" % (count, args.delay_ms, worst * 1000), flush=True)


if __name__ == "__main__":
    main()
