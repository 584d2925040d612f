package io.osprey.system.cluster;

/**
 * How the cluster runs an {@code osprey} command in a JVM of its own: the command line's main class
 * and the class path it runs on (the launcher's: {@code cli/target/osprey-cli-*.jar} and {@code
 * cli/target/lib}). The brokers run on the same class path, which carries the Kafka server.
 */
public record Launcher(String mainClass, String classpath) {}
