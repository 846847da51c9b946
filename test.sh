#!/usr/bin/env bash
# The test command of README.md: the default suite (fixtures, identities, CLI contract).
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -ntp install "$@"
