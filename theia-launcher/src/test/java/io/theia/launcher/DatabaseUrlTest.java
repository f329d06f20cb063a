package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void turnsTheOriginalsSqlAlchemyUrlIntoTheJdbcStoresSettings() {
        assertThat(DatabaseUrl.toJdbcSettings("postgresql+psycopg2://theia:s%40cret@db.example.com:5432/events"))
                .containsExactly(Map.entry("url", "jdbc:postgresql://db.example.com:5432/events"),
                        Map.entry("user", "theia"), Map.entry("password", "s@cret"));
        assertThat(DatabaseUrl.toJdbcSettings("postgresql://db/events?sslmode=require"))
                .containsExactly(Map.entry("url", "jdbc:postgresql://db/events?sslmode=require"));
    }

    @Test
    void takesAJdbcUrlAsItIs() {
        assertThat(DatabaseUrl.toJdbcSettings("jdbc:postgresql://db:5433/theia?currentSchema=logs"))
                .containsExactly(Map.entry("url", "jdbc:postgresql://db:5433/theia?currentSchema=logs"));
    }

    @Test
    void refusesOtherDatabasesAndNonsenseWithoutShowingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.toJdbcSettings("sqlite:///tmp/theia.db"))
                .hasMessageContaining("is neither");
        assertThatThrownBy(() -> DatabaseUrl.toJdbcSettings("mysql://u:secret@db/events"))
                .hasMessageContaining("PostgreSQL only, not mysql").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.toJdbcSettings("u:secret@db")).hasMessageNotContaining("secret");
    }
}
