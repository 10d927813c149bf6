#!/bin/bash
# Stand-in for Kafka's kafka-topics.sh as docker/kafka-init.sh calls it:
#   --create [--if-not-exists] --topic T --partitions N [--replication-factor R]
#   --describe --topic REGEX   (one `Topic: T  PartitionCount: N` line each)
# against the dev cluster: creation goes to its admin port (9099 on the
# bootstrap server's host), the description comes from kcat's metadata.
set -euo pipefail
bootstrap="" action="" topic="" partitions=1 if_not_exists=false
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap=$2; shift 2 ;;
    --topic) topic=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --replication-factor) shift 2 ;;
    --create | --describe) action=${1#--}; shift ;;
    --if-not-exists) if_not_exists=true; shift ;;
    *) echo "kafka-topics.sh stand-in: unsupported option $1" >&2; exit 2 ;;
  esac
done
: "${bootstrap:?--bootstrap-server is needed}" "${topic:?--topic is needed}"

case "$action" in
  create)
    exec 3<>"/dev/tcp/${bootstrap%:*}/9099"
    printf 'create %s %s\n' "$topic" "$partitions" >&3
    IFS= read -r answer <&3
    case "$answer" in
      "created $topic") echo "Created topic $topic." ;;
      "exists $topic")
        $if_not_exists || { echo "Error: Topic '$topic' already exists." >&2; exit 1; } ;;
      *) echo "Error: $answer" >&2; exit 1 ;;
    esac
    ;;
  describe)
    kcat -b "$bootstrap" -L -J |
      jq -r --arg re "^($topic)\$" '.topics[] | select(.topic | test($re))
        | "Topic: \(.topic)\tPartitionCount: \(.partitions | length)"'
    ;;
  *) echo "kafka-topics.sh stand-in: --create or --describe" >&2; exit 2 ;;
esac
