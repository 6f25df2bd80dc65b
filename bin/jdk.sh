# Finds a JDK for the project's scripts (source it; it defines one function).
#
#   find_jdk MIN [jlink]
#
# Tries JAVA_HOME, then the java on the PATH, then the newest under /usr/lib/jvm, and takes the
# first of at least major version MIN (with javac, and with jlink when asked). Exports JAVA_HOME,
# PATH (its bin first) and JAVA_MAJOR, and sets JAVA to its java binary. Fails with a message.
find_jdk() {
  local min="$1" tool="${2:-javac}" c major
  for c in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c="${c%/}"
    [ -n "$c" ] && [ -x "$c/bin/java" ] && [ -x "$c/bin/$tool" ] || continue
    major=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [ "${major%%.*}" -ge "$min" ] 2>/dev/null; then
      export JAVA_HOME="$c" PATH="$c/bin:$PATH" JAVA_MAJOR="${major%%.*}"
      JAVA="$c/bin/java"
      return
    fi
  done
  printf 'error: no JDK %s or newer (with %s) found: install one (for example Temurin 21) and set JAVA_HOME\n' "$min" "$tool" >&2
  exit 1
}
