"""Keep the Oxigraph child from opening network connections (Linux seccomp).

``oxigraph serve`` evaluates SPARQL ``SERVICE`` (federated queries) and
``LOAD <url>`` by fetching the URL. The front server refuses both, but the
child listens on a loopback port that any local process (or a web page in a
local browser) could reach directly. So the child runs under a seccomp filter
that makes ``connect()`` fail with EACCES: it can accept connections on its
listening socket, never open one, so it cannot fetch anything, whoever asks.

The filter is a few BPF instructions installed with prctl between fork and
exec (``subprocess.Popen(preexec_fn=...)``); it needs no library and no
privileges (``PR_SET_NO_NEW_PRIVS`` first), and the kernel keeps it across exec.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys
from typing import Optional

# <linux/filter.h>, <linux/seccomp.h>, <linux/audit.h>, <linux/prctl.h>
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_RET_K = 0x06
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_OFFSET_NR, _OFFSET_ARCH = 0, 4  # struct seccomp_data
_X32_SYSCALL_BIT = 0x40000000

#: machine -> (AUDIT_ARCH_*, __NR_connect)
_ARCHES = {
    "x86_64": (0xC000003E, 42),
    "amd64": (0xC000003E, 42),
    "aarch64": (0xC00000B7, 203),
    "arm64": (0xC00000B7, 203),
}


def supported() -> bool:
    """True where the filter can be installed: Linux with seccomp, on a machine listed above."""
    if not sys.platform.startswith("linux") or platform.machine().lower() not in _ARCHES:
        return False
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            return any(line.startswith("Seccomp:") for line in fh)
    except OSError:
        return False


def _program(arch: int, nr_connect: int) -> bytes:
    def ins(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("=HBBI", code, jt, jf, k)

    deny = _SECCOMP_RET_ERRNO | errno.EACCES
    return b"".join([
        ins(_BPF_LD_W_ABS, 0, 0, _OFFSET_ARCH),
        ins(_BPF_JEQ_K, 1, 0, arch),  # another ABI: allow (jump over the next instruction)
        ins(_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        ins(_BPF_LD_W_ABS, 0, 0, _OFFSET_NR),
        ins(_BPF_JEQ_K, 2, 0, nr_connect),
        ins(_BPF_JEQ_K, 1, 0, nr_connect | _X32_SYSCALL_BIT),  # x32 on x86_64
        ins(_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        ins(_BPF_RET_K, 0, 0, deny),
    ])


def forbid_connections() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Install the filter in the calling process (and what it execs). Raises OSError on failure."""
    arch, nr_connect = _ARCHES[platform.machine().lower()]
    code = _program(arch, nr_connect)
    n = len(code) // 8
    buffer = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(n, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def describe() -> Optional[str]:
    """Why the filter is not available here, or None when it is."""
    if supported():
        return None
    return f"no seccomp filter on {sys.platform}/{platform.machine()}: the Oxigraph child could make outgoing connections"


__all__ = ["describe", "forbid_connections", "supported"]

if __name__ == "__main__":  # pragma: no cover - manual check: python -m policygraph.queries.sandbox
    forbid_connections()
    import socket

    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except OSError as exc:
        print("connect refused by the filter:", exc.errno == errno.EACCES, os.strerror(exc.errno or 0))
