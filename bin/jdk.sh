# Sourced by the launchers. Finds a JDK >= 21 and exports JAVA_HOME, or says why not.
# Order: $JAVA_HOME, the `java` on PATH, then the newest JDK under /usr/lib/jvm
# (or /Library/Java/JavaVirtualMachines on macOS).

quantum_java_major() { # the feature version of the JDK at $1, or nothing
  # Its `release` file says it without starting a JVM (a tenth of a second or more each);
  # a JDK without one is asked.
  local version=""
  if [ -f "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" | head -n1)
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  fi
  version=${version#1.}
  echo "${version%%[!0-9]*}"
}

quantum_is_jdk21() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major; major=$(quantum_java_major "$1")
  [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge 21 ]
}

quantum_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && quantum_is_jdk21 "$JAVA_HOME"; then export JAVA_HOME; return 0; fi
  local home best="" best_major=0 major
  if command -v java >/dev/null 2>&1; then
    home=$(readlink -f "$(command -v java)"); home=${home%/bin/java}
    if quantum_is_jdk21 "$home"; then export JAVA_HOME="$home"; return 0; fi
  fi
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && [ ! -L "$home" ] && quantum_is_jdk21 "$home" || continue
    major=$(quantum_java_major "$home")
    if [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "quantum: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
    echo "quantum: install one (for example Temurin 21) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# Builds MODULE's runnable jar when it is missing or older than any source or pom,
# the way `cargo run` does. Prints Maven's output only when the build fails.
quantum_ensure_built() {
  local root="$1" module="$2" jar="$1/$2/target/$2.jar" stamp="$1/$2/target/$2.checked" log
  # Up to date when no source is newer than the jar, or than the stamp of the last check.
  # The jar itself is never touched: the JVM refuses a class-data archive whose jar's time
  # changed after the archive was made.
  if [ -f "$jar" ] && { quantum_nothing_newer "$root" "$jar" || { [ -f "$stamp" ] && quantum_nothing_newer "$root" "$stamp"; }; }; then
    return 0
  fi
  echo "quantum: building $module (first run or sources changed)..." >&2
  log=$(mktemp)
  if ! (cd "$root" && ./mvnw -q -B -DskipTests -pl "$module" -am package) >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "quantum: build failed" >&2
    return 1
  fi
  rm -f "$log"
  # Maven leaves an up-to-date jar untouched; record that it was checked against today's
  # sources, or a change elsewhere in the repository (another module) would rebuild it at
  # every start.
  touch "$stamp"
}

# Whether no pom or main source of ROOT is newer than FILE.
quantum_nothing_newer() {
  [ -z "$(find "$1/pom.xml" "$1"/quantum-*/pom.xml "$1"/quantum-*/src/main -newer "$2" -print -quit 2>/dev/null)" ]
}

# Sets QUANTUM_CDS to the JVM options that start MODULE from the class-data-sharing archive
# its build leaves next to the jar (about half the start-up CPU), or to nothing. The JVM
# checks that the archive matches the jar and the JDK and otherwise ignores it silently;
# other JVM warnings go to stderr, never to stdout. The archive must be used with the JVM
# options it was made with: the module's jar grants native access in its manifest instead.
quantum_cds_options() {
  local jsa="$1/$2/target/$2.jsa"
  QUANTUM_CDS=()
  if [ -f "$jsa" ]; then
    QUANTUM_CDS=("-XX:SharedArchiveFile=$jsa" -Xlog:disable -Xlog:all=warning:stderr "-Xlog:cds*=off:stderr")
  fi
}
