"""Where the caseload lives by default, who is saving, and the file modes the store uses."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

ENV_VAR = "ALP_TUI_DATA"
OWNER_ONLY = 0o600
OWNER_AND_GROUP = 0o660


def default_data_path() -> Path:
    """`$ALP_TUI_DATA`, else `caseload.json` in the user's data folder."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("alp-tui")) / "caseload.json"


def current_user() -> str:
    """The OS account name: what `created_by` / `updated_by` and the audit record."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # getpass raises different errors on different platforms
        return "unknown"


def file_mode(group_access: bool) -> int:
    return OWNER_AND_GROUP if group_access else OWNER_ONLY


def folder_mode(group_access: bool) -> int:
    return 0o770 if group_access else 0o700
