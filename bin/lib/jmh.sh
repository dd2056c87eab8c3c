# shellcheck shell=bash
# bin/lib/jmh.sh - build the test classes and run one of benchtap's JMH benchmarks
# (src/test/java/io/benchtap/bench/*Benchmark.java); shared by bin/bench-parse and
# bin/bench-encode.
#
# Source it from bash, then:
#   bt_jmh BENCHMARK RESULTS DEFAULT_OPTS [JMH args...]
# e.g. bt_jmh ParseBenchmark target/jmh-parse.json "-f 1 -wi 2 -i 3 -w 1s -r 2s" "$@"
#
# Builds with `mvn test-compile` (the JMH annotation processor runs then), writes the test class
# path to target/jmh-classpath.txt and replaces the shell with JMH: BENCHMARK is the JMH
# include pattern, RESULTS the JSON results file, DEFAULT_OPTS the JMH options (split on
# spaces), then the extra arguments. JMH refuses an option given twice, so callers let the user
# replace DEFAULT_OPTS through a variable of their own rather than repeat an option.
# BENCHTAP_MVN_OPTS adds Maven options, e.g. BENCHTAP_MVN_OPTS=-o to build offline.
# Run from the repository root.

bt_jmh() {
    local benchmark="$1" results="$2" defaults="$3"
    shift 3
    local -a mvn_opts jmh_opts
    read -r -a mvn_opts <<<"${BENCHTAP_MVN_OPTS:-}"
    read -r -a jmh_opts <<<"$defaults"
    local cp_file="target/jmh-classpath.txt"

    mvn -B -q "${mvn_opts[@]}" test-compile
    # The dependency plugin version is pinned: the default one Maven picks (2.8) is too old.
    mvn -B -q "${mvn_opts[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
        -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test

    exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main \
        "$benchmark" "${jmh_opts[@]}" -rf json -rff "$results" "$@"
}
