#!/usr/bin/env bash
# Checks `ndis-chimney layout --format isf` with volatility3 itself.
#   Tests/volatility/run.sh TOOL VENV
# Creates a Python venv at VENV with volatility3 and jsonschema from PyPI
# (once; later runs reuse it), then runs check_isf.py for every Windows ABI.
# Only a failed install skips the check, and it says so.
set -eu
tool=$1 venv=$2
here=$(dirname "$0")
if ! "$venv/bin/python" -c 'import volatility3, jsonschema' 2>/dev/null; then
  rm -rf "$venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet 'volatility3>=2,<3' jsonschema; }; then
    echo "volatility: SKIPPED: could not create $venv with volatility3 and jsonschema from PyPI (pip's output is above)"
    echo "volatility: 0 passed, 0 failed, 1 skipped"
    exit 0
  fi
fi
"$venv/bin/python" "$here/check_isf.py" "$tool" x86 x64 arm64 arm
