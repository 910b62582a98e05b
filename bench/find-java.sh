# Sourced by bench/run.sh and bench/jmh.sh: find_java prints the java of the JDK the netkit
# launcher would pick (bin/find-jdk: JAVA_HOME when 21 or newer, else the newest installed).
find_java() {
  local home
  home=$("$(dirname "${BASH_SOURCE[0]}")/../bin/find-jdk") || return 1
  echo "$home/bin/java"
}
