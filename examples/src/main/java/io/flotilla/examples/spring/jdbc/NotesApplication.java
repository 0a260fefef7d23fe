package io.flotilla.examples.spring.jdbc;

import io.flotilla.examples.spring.TokenCarryingConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * A Spring Boot application on JdbcTemplate and Boot's HikariCP pool. Nothing in it is Flotilla-specific except
 * {@code spring.datasource.url=jdbc:flotilla://…} and the optional {@link TokenCarryingConfiguration}.
 * JPA is excluded only because this module also holds the JPA example; a JdbcTemplate-only application has no JPA.
 */
@SpringBootApplication(exclude = {HibernateJpaAutoConfiguration.class, JpaRepositoriesAutoConfiguration.class})
@PropertySource("classpath:notes.properties")
@Import(TokenCarryingConfiguration.class)
public class NotesApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotesApplication.class, args);
    }
}
