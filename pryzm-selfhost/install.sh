#!/usr/bin/env bash
# PRYZM self-host installer.
#
#   ./install.sh            create .env (secrets generated once), start the stack, wait for health
#   ./install.sh backup DIR a consistent backup: PostgreSQL dump, object store copy, .env
#   ./install.sh restore DIR restore a backup into a stopped stack
#
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

compose() { docker compose --env-file .env -f docker-compose.yml "$@"; }
die() { echo "install.sh: $*" >&2; exit 1; }

secret() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "${1:-48}"; }

make_env() {
  if [ -f .env ]; then
    echo "Keeping the existing .env (secrets are never regenerated)."
    return
  fi
  umask 077
  sed -e "s|^PRYZM_SECRET_KEY=change-me$|PRYZM_SECRET_KEY=$(secret 64)|" \
      -e "s|^POSTGRES_PASSWORD=change-me$|POSTGRES_PASSWORD=$(secret 32)|" \
      -e "s|^MINIO_ROOT_PASSWORD=change-me$|MINIO_ROOT_PASSWORD=$(secret 32)|" \
      .env.example > .env
  echo "Wrote .env with freshly generated secrets."
}

check_env() {
  local bad
  bad=$(grep -E '^(PRYZM_SECRET_KEY|POSTGRES_PASSWORD|MINIO_ROOT_PASSWORD)=(change-me)?$' .env \
        | cut -d= -f1 || true)
  if [ -n "$bad" ]; then
    die "placeholder or empty secrets in .env: $(echo "$bad" | tr '\n' ' ')— set real values or delete .env and rerun"
  fi
  grep -qE '^PUBLIC_URL=https?://' .env || die "PUBLIC_URL in .env must be an http(s) URL"
}

# Prints "service state" lines, state being healthy, starting, unhealthy, exited or running.
states() {
  local id name health status
  for id in $(compose ps -q); do
    name=$(docker inspect -f '{{ index .Config.Labels "com.docker.compose.service" }}' "$id")
    status=$(docker inspect -f '{{ .State.Status }}' "$id")
    health=$(docker inspect -f '{{ if .State.Health }}{{ .State.Health.Status }}{{ end }}' "$id")
    echo "$name ${health:-$status}"
  done
}

wait_healthy() {
  local deadline=$((SECONDS + ${PRYZM_INSTALL_TIMEOUT:-600})) line pending failed
  while :; do
    pending=""; failed=""
    while read -r line; do
      case "${line#* }" in
        healthy) ;;
        starting|created|restarting) pending="$pending ${line%% *}" ;;
        *) failed="$failed ${line%% *}" ;;
      esac
    done < <(states)
    if [ -n "$failed" ]; then
      report_failure "$failed"
    fi
    if [ -z "$pending" ]; then
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      report_failure "$pending (still starting)"
    fi
    sleep 3
  done
}

report_failure() {
  local service
  echo "PRYZM did not start: unhealthy service(s):$1" >&2
  for service in $1; do
    [ "$service" = "(still" ] && break
    echo "---- last log lines of $service ----" >&2
    compose logs --no-color --tail 40 "$service" >&2 || true
  done
  exit 1
}

stack_running() { [ -n "$(compose ps -q 2>/dev/null)" ]; }

backup() {
  local dir="${1:?usage: install.sh backup DIR}"
  [ -f .env ] || die "no .env: nothing is installed here"
  mkdir -p "$dir"
  # The dump is one consistent snapshot of the database; objects are content-addressed or
  # written before the rows that name them, so copying them after the dump is consistent as
  # long as none that a row names is deleted in between. Bakes delete old bake outputs only
  # while they can share the backup lock, so a psql session holds it exclusively from before
  # the dump to after the copy (the same lock `pryzm backup` takes).
  local lock_key=344978971213 line=""
  coproc LOCK { compose exec -T postgres psql -U pryzm -d pryzm -qAt -v ON_ERROR_STOP=1; }
  printf 'SELECT pg_advisory_lock(%s);\nSELECT %s;\n' "$lock_key" "'locked'" >&"${LOCK[1]}"
  while [ "$line" != locked ]; do
    read -r line <&"${LOCK[0]}" || die "could not take the backup lock in PostgreSQL"
  done
  compose exec -T postgres pg_dump -U pryzm -d pryzm --format=custom > "$dir/pryzm.pgdump"
  compose exec -T minio sh -c 'tar -C /data -cf - .' > "$dir/objects.tar"
  printf '\\q\n' >&"${LOCK[1]}"
  wait "$LOCK_PID" 2>/dev/null || true
  cp .env "$dir/env"
  echo "Backup written to $dir"
}

restore() {
  local dir="${1:?usage: install.sh restore DIR}"
  if [ ! -f "$dir/pryzm.pgdump" ] || [ ! -f "$dir/objects.tar" ]; then
    die "$dir is not a PRYZM backup"
  fi
  if stack_running; then
    die "the stack is running: stop it first (docker compose down), then restore"
  fi
  [ -f .env ] || cp "$dir/env" .env
  compose up -d postgres minio
  wait_healthy
  compose exec -T postgres pg_restore -U pryzm -d pryzm --clean --if-exists < "$dir/pryzm.pgdump"
  compose exec -T minio sh -c 'tar -C /data -xf -' < "$dir/objects.tar"
  compose stop postgres minio
  echo "Restored from $dir; start with ./install.sh"
}

main() {
  command -v docker >/dev/null || die "docker is not installed"
  case "${1:-install}" in
    install)
      make_env
      check_env
      compose up -d --build
      wait_healthy
      echo "PRYZM is running: $(grep -E '^PUBLIC_URL=' .env | cut -d= -f2-)"
      ;;
    backup) shift; backup "$@" ;;
    restore) shift; restore "$@" ;;
    *) die "unknown command ${1}; use install, backup DIR or restore DIR" ;;
  esac
}

main "$@"
