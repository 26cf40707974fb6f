#!/bin/sh
# stamp: a Steward process plug-in (protocol 1) in POSIX sh.
#
# Reads the request line from standard input, answers with JSON lines on standard output,
# and writes anything for people on standard error. The number comes from the operation key,
# which stays the same across retries of one step: a retry gets the same number.
set -eu

IFS= read -r request || true

# The fields this plug-in needs, taken from the one-line JSON request. Values it cannot
# read this simply (escaped quotes) are refused below rather than guessed at.
field() {
    printf '%s\n' "$request" | sed -n "s/.*\"$1\":\"\\([^\"\\\\]*\\)\".*/\\1/p"
}

printf '{"type":"hello","protocol":1,"name":"stamp","version":"1.0.0"}\n'

key=$(field operation_key)
prefix=$(field prefix)

# Empty also when the prefix holds a quote, a backslash or an escape: such a prefix is refused.
if [ -z "$prefix" ]; then
    printf '{"type":"result","ok":false,"error":{"kind":"bad-prefix","message":"the prefix must be plain text without quotes or backslashes","retryable":false}}\n'
    exit 0
fi

sum=$(printf '%s' "$key" | cksum | cut -d ' ' -f 1)
number=$(printf '%s-%05d' "$prefix" $((sum % 100000)))
echo "stamp: $key -> $number" >&2
printf '{"type":"log","level":"info","message":"stamped %s"}\n' "$number"
printf '{"type":"result","ok":true,"output":{"number":"%s"}}\n' "$number"
