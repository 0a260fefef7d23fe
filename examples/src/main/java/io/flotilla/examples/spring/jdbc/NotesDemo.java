package io.flotilla.examples.spring.jdbc;

import io.flotilla.jdbc.FlotillaConnection;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** What {@code spring-boot:run} shows: a write, the read that follows it, and where Flotilla routed the reads. */
@Component
@ConditionalOnProperty(name = "notes.demo", havingValue = "true", matchIfMissing = true)
class NotesDemo implements CommandLineRunner {

    private final NoteService notes;
    private final DataSource dataSource;

    NotesDemo(NoteService notes, DataSource dataSource) {
        this.notes = notes;
        this.dataSource = dataSource;
    }

    @Override
    public void run(String... args) throws Exception {
        long id = notes.add("written at " + java.time.Instant.now());
        System.out.println("added note " + id + "; read back in a read-only transaction: " + notes.find(id).orElse("(not visible!)"));
        System.out.println("latest notes: " + notes.latest(3));
        try (Connection c = dataSource.getConnection()) {
            if (c.isWrapperFor(FlotillaConnection.class)) {
                Map<String, Long> m = c.unwrap(FlotillaConnection.class).routingMetrics();
                System.out.println("routing so far (this cluster client): " + m);
            }
        }
    }
}
