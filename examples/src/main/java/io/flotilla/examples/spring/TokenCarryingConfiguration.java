package io.flotilla.examples.spring;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link TokenCarryingDataSource} around whatever DataSource Spring Boot built (HikariCP here), so the pool, the
 * transaction manager and JdbcTemplate / Hibernate stay Boot's own. Off with {@code flotilla.carry-token=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flotilla.carry-token", havingValue = "true", matchIfMissing = true)
public class TokenCarryingConfiguration {

    @Bean
    static BeanPostProcessor tokenCarryingDataSourcePostProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds && !(bean instanceof TokenCarryingDataSource) ? new TokenCarryingDataSource(ds) : bean;
            }
        };
    }
}
