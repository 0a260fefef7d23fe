package io.flotilla.examples.spring.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BookRepository extends JpaRepository<Book, Long> {

    List<Book> findByTitleStartingWith(String prefix);
}
