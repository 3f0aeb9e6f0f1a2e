#!/bin/sh
# The pattern users migrate from: one aws CLI call per variable.
set -e
if [ -n "$PARAMETER_STORE_PREFIX" ]; then
  for x in user password host name port; do
    v=$(aws ssm get-parameters --names "/$PARAMETER_STORE_PREFIX/database/sample/master/$x" --with-decryption --query 'Parameters[0].Value' --output text)
    X=$(echo "$x" | tr a-z A-Z)
    export "DB_$X=$v"
  done
fi
exec "$@"
