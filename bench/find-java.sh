# Sourced by bench/run.sh and bench/jmh.sh: find_java prints the java of a JDK 21 or newer,
# JAVA_HOME first when it is one, else the newest installed (as the netkit launcher looks).
find_java() {
  local c v best="" best_v=0
  for c in ${JAVA_HOME:-} /usr/lib/jvm/* /usr/java/* /opt/java/*; do
    [ -x "$c/bin/java" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$c/release" 2>/dev/null || true)
    [ -n "$v" ] && [ "$v" -ge 21 ] || continue
    if [ "$c" = "${JAVA_HOME:-}" ]; then echo "$c/bin/java"; return; fi
    if [ "$v" -gt "$best_v" ]; then best=$c; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best/bin/java"
}
