#!/bin/sh
# The end-to-end tests drive Debian's Chromium (Playwright's own browser download cannot work on
# our machines). Install it when it is missing; as root on a fresh Debian machine this is all it takes.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get update && sudo apt-get install -y chromium', then the tests again." >&2
  exit 1
fi
echo "Installing Debian's chromium for the end-to-end tests…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
