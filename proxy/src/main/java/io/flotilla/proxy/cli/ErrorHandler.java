package io.flotilla.proxy.cli;

import io.flotilla.routing.config.ConfigException;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a one-line error naming the problem (config key, SQLState, error code) instead of a stack trace. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        Throwable t = ex;
        while (t.getCause() != null && !(t instanceof ConfigException) && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        if (t instanceof ConfigException c) {
            cmd.getErr().println("flotilla: " + c.getMessage());
            return 2;
        }
        if (t instanceof SQLException s) {
            cmd.getErr().println("flotilla: " + s.getMessage() + " [SQLState " + s.getSQLState() + ", error " + s.getErrorCode() + "]");
            return 1;
        }
        cmd.getErr().println("flotilla: " + ex.getMessage());
        if (Boolean.getBoolean("flotilla.debug")) {
            ex.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
