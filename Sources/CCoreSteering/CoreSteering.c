// sched_getaffinity, sched_setaffinity and cpu_set_t are GNU extensions, which Swift's
// Glibc module does not expose.
#define _GNU_SOURCE
#include "CCoreSteering.h"

#include <errno.h>
#include <linux/filter.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>

#ifndef SO_ATTACH_REUSEPORT_CBPF
#define SO_ATTACH_REUSEPORT_CBPF 51
#endif

int core_steering_get_affinity(unsigned char *mask, size_t size) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    memset(mask, 0, size);
    for (size_t core = 0; core < size * 8 && core < CPU_SETSIZE; core++) {
        if (CPU_ISSET(core, &set)) mask[core / 8] |= (unsigned char)(1u << (core % 8));
    }
    return 0;
}

int core_steering_set_affinity(const unsigned char *mask, size_t size) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (size_t core = 0; core < size * 8 && core < CPU_SETSIZE; core++) {
        if (mask[core / 8] & (1u << (core % 8))) CPU_SET(core, &set);
    }
    return sched_setaffinity(0, sizeof(set), &set);
}

static int attach(int descriptor, struct sock_filter *code, unsigned short length) {
    struct sock_fprog program = {.len = length, .filter = code};
    return setsockopt(descriptor, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &program, sizeof(program));
}

int core_steering_attach(int descriptor, unsigned int socket_count) {
    if (socket_count == 0) {
        errno = EINVAL;
        return -1;
    }
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (__u32)(SKF_AD_OFF + SKF_AD_CPU)),
        BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, socket_count),
        BPF_STMT(BPF_RET | BPF_A, 0),
    };
    return attach(descriptor, code, sizeof(code) / sizeof(code[0]));
}

int core_steering_attach_hash(int descriptor) {
    // An index past the group's sockets: the kernel falls back to its hash
    // (reuseport_select_sock, "no bpf or invalid bpf result").
    struct sock_filter code[] = {BPF_STMT(BPF_RET | BPF_K, 0xffffffffu)};
    return attach(descriptor, code, 1);
}
