#!/usr/bin/env bash
# System tools the tests use, installed only when missing (Debian and Ubuntu):
# Java for the Nu HTML Checker (vnu.jar comes from npm), xmllint for the sitemap schemas,
# jing for the Atom schema (RELAX NG compact), and a Chromium-family browser for the
# browser tests (Debian's chromium, or Google Chrome where it is preinstalled, as on
# GitHub's Ubuntu runners; playwright-core drives it and downloads nothing).
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v jing >/dev/null 2>&1 || missing+=(jing)
[ -x /usr/bin/chromium ] || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
