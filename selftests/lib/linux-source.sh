#!/bin/sh
# Extract from Debian's linux-source-6.1 the pieces of the kernel tree our
# tests use (kselftest harness and runner, checkpatch.pl) into $1 (default
# build/linux-source) and print that directory.  Idempotent and cheap once
# the stamp file exists.
set -eu

dest=${1:-build/linux-source}
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)

if [ -f "$dest/.stamp" ]; then
	printf '%s\n' "$dest"
	exit 0
fi
if [ -z "$tarball" ]; then
	printf 'linux-source.sh: /usr/src/linux-source-6.1.tar.xz missing (apt-get install linux-source-6.1)\n' >&2
	exit 1
fi

mkdir -p "$dest"
tar -xJf "$tarball" -C "$dest" --strip-components=1 \
	--wildcards \
	'linux-source-6.1/tools/testing/selftests/kselftest*' \
	'linux-source-6.1/tools/testing/selftests/lib.mk' \
	'linux-source-6.1/tools/testing/selftests/run_kselftest.sh' \
	'linux-source-6.1/tools/testing/selftests/gen_kselftest_tar.sh' \
	'linux-source-6.1/scripts/checkpatch.pl' \
	'linux-source-6.1/scripts/spelling.txt' \
	'linux-source-6.1/scripts/const_structs.checkpatch'
touch "$dest/.stamp"
printf '%s\n' "$dest"
