#ifndef C_CORE_STEERING_H
#define C_CORE_STEERING_H

#include <stddef.h>

/// Writes the calling thread's allowed cores into `mask` (bit c of byte c / 8 for core c),
/// `size` octets; returns 0, or -1 with errno set.
int core_steering_get_affinity(unsigned char *mask, size_t size);

/// Binds the calling thread to the cores set in `mask`, `size` octets; returns 0, or -1
/// with errno set.
int core_steering_set_affinity(const unsigned char *mask, size_t size);

/// Attaches to the SO_REUSEPORT group of listening socket `descriptor` a classic BPF
/// program that gives a new connection to socket (core mod `socket_count`) of the group,
/// the core being the one the kernel processed the connection's handshake on. Returns 0, or
/// -1 with errno set.
int core_steering_attach(int descriptor, unsigned int socket_count);

/// Attaches to the SO_REUSEPORT group of listening socket `descriptor` a program that
/// leaves the choice to the kernel's hash of the connection's addresses, as without a
/// program. Returns 0, or -1 with errno set.
int core_steering_attach_hash(int descriptor);

#endif
