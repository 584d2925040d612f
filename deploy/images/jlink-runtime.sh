#!/usr/bin/env bash
# Builds the Java runtime layer of Osprey's images from the local JDK, since no base image can be
# pulled: a jlink'ed runtime with the JDK modules the components and their libraries use, at
# OUT/opt/java, plus the shared libraries it and the bundled native code (RocksDB, ND4J) load,
# copied from this machine (glibc, libstdc++, zlib) under OUT/lib, so the image needs nothing
# underneath. The images module (pom.xml here) runs it once per build, before any image; a runtime
# already in OUT is kept while it was made by this script from the same JDK.
#   deploy/images/jlink-runtime.sh OUT [JAVA_HOME]
set -euo pipefail
OUT="$1"
JDK="${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}}"
RUNTIME="$OUT/opt/java"
# Beside OUT, not in it: everything in OUT goes into the images.
STAMP="$OUT.made-by"
MADE_BY="$(cat "$0" "$JDK/release" | sha256sum | cut -c1-16) $JDK"
[ -x "$RUNTIME/bin/java" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$MADE_BY" ] && exit 0
[ -f "$STAMP" ] && rm -rf "$OUT" "$STAMP"

# java.desktop: javacpp and DL4J load java.awt/java.beans classes; jdk.httpserver: the metrics and
# query endpoints; java.sql/java.naming/java.management: Kafka, Flink, Hadoop; jdk.unsupported:
# sun.misc.Unsafe (RocksDB, Kryo, Netty); jdk.crypto.ec and java.security.sasl: TLS and SCRAM.
MODULES=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,\
java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,\
java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,\
jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,\
jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.zipfs

mkdir -p "$OUT/opt"
TMP="$OUT/opt/.java-$$"
rm -rf "$TMP"
# No --compress: the image layer is gzipped anyway, and gzip packs the plain module image smaller
# (28 MB layer against 35 MB with --compress=2, measured) and the JVM starts without inflating it.
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --output "$TMP"

# The dynamic loader and every library the runtime's binaries need, at the paths they are
# resolved from here; then the C++ and OpenMP runtimes that the natives of RocksDB and ND4J
# (extracted from their jars at run time) expect from the system.
# The images run headless (-Djava.awt.headless=true): the X11, sound and font libraries of
# java.desktop's windowing parts are never loaded, so their dependencies are left out.
LIBS="$(find "$TMP" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' \
  ! -name 'libfontmanager.so' ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libjawt.so' \
  -exec ldd {} \; 2>/dev/null \
  | awk -v own="$TMP/" '$2 == "=>" && $3 ~ /^\// && index($3, own) != 1 {print $3}
                       $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u)"
# awk reads to the end: leaving early would end ldconfig with SIGPIPE, fatal under pipefail (a CI
# run failed so, exit 141).
for extra in libstdc++.so.6 libgcc_s.so.1 libgomp.so.1 libz.so.1; do
  LIBS="$LIBS $(ldconfig -p | awk -v n="$extra" '!found && $1 == n && /x86-64/ {print $NF; found = 1}')"
done
for lib in $LIBS; do
  [ -e "$lib" ] && cp -L --parents "$lib" "$OUT"
done
rm -rf "$RUNTIME"
mv "$TMP" "$RUNTIME"
echo "$MADE_BY" > "$STAMP"
