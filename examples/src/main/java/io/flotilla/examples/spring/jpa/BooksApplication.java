package io.flotilla.examples.spring.jpa;

import io.flotilla.examples.spring.TokenCarryingConfiguration;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/** Spring Data JPA / Hibernate on Boot's HikariCP pool, with the same datasource settings as the JdbcTemplate example. */
@SpringBootApplication
@PropertySource("classpath:books.properties")
@Import(TokenCarryingConfiguration.class)
public class BooksApplication {

    public static void main(String[] args) {
        SpringApplication.run(BooksApplication.class, args);
    }

    @Bean
    @ConditionalOnProperty(name = "books.demo", havingValue = "true", matchIfMissing = true)
    CommandLineRunner booksDemo(BookService books) {
        return args -> {
            long id = books.add("Flotilla in Action, printed " + java.time.LocalTime.now());
            System.out.println("saved book " + id + "; read back in a read-only transaction: " + books.title(id).orElse("(not visible!)"));
        };
    }
}
