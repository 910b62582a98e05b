#!/usr/bin/env bash
# JMH microbenchmarks of netkit's framing code (module netkit-jmh): builds benchmarks.jar, runs
# it, prints a table with ops/s, MB/s of wire format and allocation per operation.
#
#   bench/jmh.sh                                  every benchmark, short: about 4 minutes on 2 CPUs
#   bench/jmh.sh LineBenchmark -p length=16       extra arguments go to JMH (filter, -p, -prof ...)
#   bench/jmh.sh FrameWrite -f 3 -i 10 -r 2s      an option given here replaces the default one
#   bench/jmh.sh -h                               this help; JMH's own: bench/jmh.sh -jmh-help
#
# Defaults: 1 fork, 3 warm-up and 5 measured iterations of 1 s each, and JMH's gc profiler
# (allocation per operation). The JVM runs pinned to one CPU (JMH_CPU, default the last one) when
# taskset is there, so the JIT and GC compete with the benchmark on that CPU, not with others'.
# Writes bench/results/jmh.json (JMH's results) and bench/results/jmh.md (the table).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
OUT=${OUT:-$here/results}
JMH_CPU=${JMH_CPU:-$(( $(nproc) - 1 ))}

case "${1:-}" in
  -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
esac

# shellcheck source=bench/find-java.sh
. "$here/find-java.sh"

JAVA=$(find_java) || { echo "jmh.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "jmh.sh: needs python3 for the table" >&2; exit 1; }

echo "== building netkit-jmh" >&2
(cd "$root" && JAVA_HOME=$(dirname "$(dirname "$JAVA")") ./mvnw -q -B -DskipTests -pl netkit-jmh -am package) \
  || { echo "jmh.sh: the build failed" >&2; exit 1; }

# The defaults, each left out when the caller gives that option.
defaults=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  case " $* " in *" ${defaults[k]} "*) ;; *) args+=("${defaults[k]}" "${defaults[k+1]}") ;; esac
done
if [ "${1:-}" = "-jmh-help" ]; then args=(-h); set --; fi

pin=()
where="any CPU"
if command -v taskset >/dev/null && taskset -c "$JMH_CPU" true 2>/dev/null; then
  pin=(taskset -c "$JMH_CPU")
  where="CPU $JMH_CPU"
else
  echo "== taskset or CPU $JMH_CPU unavailable: not pinned" >&2
fi

mkdir -p "$OUT"
echo "== $("$JAVA" -version 2>&1 | head -1), on $where; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" >&2
"${pin[@]}" "$JAVA" -Xms1g -Xmx1g -jar "$root/netkit-jmh/target/benchmarks.jar" \
  "${args[@]}" -prof gc -rf json -rff "$OUT/jmh.json" "$@"
[ "${args[0]:-}" = "-h" ] && exit 0
python3 "$here/jmh-table.py" "$OUT/jmh.json" | tee "$OUT/jmh.md"
