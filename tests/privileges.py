"""Running a child process with fewer rights than root, so that tests see what a plain user sees."""

from __future__ import annotations

import ctypes
import os

_PR_CAPBSET_DROP = 24  # <linux/prctl.h>
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SYS_ADMIN, CAP_SYS_RESOURCE = 1, 2, 21, 24  # <linux/capability.h>


def drop_capabilities(*capabilities: int) -> None:
    """In a child before exec: give up `capabilities` for good (root keeps uid 0 but loses what they allow)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in capabilities:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl(PR_CAPBSET_DROP, {capability})")


def without_root_file_rights() -> None:
    """In a child before exec: root loses the right to ignore file permissions (a no-op for other users)."""
    if os.geteuid() == 0:
        drop_capabilities(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
