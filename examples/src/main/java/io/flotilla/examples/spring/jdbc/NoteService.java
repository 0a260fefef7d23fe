package io.flotilla.examples.spring.jdbc;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes in read-write transactions (the leader); reads in read-only ones, which Flotilla serves from followers. */
@Service
public class NoteService {

    private final JdbcTemplate jdbc;

    public NoteService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public long add(String text) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO notes (text) VALUES (?)", new String[] {"id"});
            ps.setString(1, text);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    @Transactional
    public void rename(long id, String text) {
        jdbc.update("UPDATE notes SET text = ? WHERE id = ?", text, id);
    }

    @Transactional(readOnly = true)
    public Optional<String> find(long id) {
        return jdbc.query("SELECT text FROM notes WHERE id = ?", (rs, n) -> rs.getString(1), id).stream().findFirst();
    }

    @Transactional(readOnly = true)
    public List<String> latest(int n) {
        return jdbc.query("SELECT text FROM notes ORDER BY id DESC LIMIT ?", (rs, i) -> rs.getString(1), n);
    }
}
