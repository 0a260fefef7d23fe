package io.flotilla.examples.spring.jpa;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Same split as the JdbcTemplate example: read-write transactions on the leader, read-only ones on followers. */
@Service
public class BookService {

    private final BookRepository books;

    public BookService(BookRepository books) {
        this.books = books;
    }

    @Transactional
    public long add(String title) {
        return books.save(new Book(title)).getId();
    }

    @Transactional
    public void retitle(long id, String title) {
        // Read and write in one read-write transaction: Flotilla runs both on the leader.
        books.findById(id).orElseThrow().setTitle(title);
    }

    @Transactional(readOnly = true)
    public Optional<String> title(long id) {
        return books.findById(id).map(Book::getTitle);
    }

    @Transactional(readOnly = true)
    public List<String> titlesStartingWith(String prefix) {
        return books.findByTitleStartingWith(prefix).stream().map(Book::getTitle).toList();
    }
}
