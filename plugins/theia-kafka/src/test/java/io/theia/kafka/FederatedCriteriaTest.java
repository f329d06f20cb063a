package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.theia.api.store.EventQuery;
import org.junit.jupiter.api.Test;

/** The criteria the federated store sends its peers are JSON that reads back as the query's own values. */
class FederatedCriteriaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void patternsAndTagsWithQuotesBackslashesAndControlCharactersReadBackExactly() throws Exception {
        String content = "say \"hi\"\\s+\n\t\u0001é";
        EventQuery query = EventQuery.builder().content(content).source("^/var/log/\"x\"$").tags("a\"b", "c\\d")
                .order(EventQuery.Order.DESC).limit(7).build();

        JsonNode find = MAPPER.readTree(FederatedStore.criteria(query));
        JsonNode live = MAPPER.readTree(FederatedStore.liveCriteria(query));

        assertThat(find.get("content").asText()).isEqualTo(content);
        assertThat(find.get("source").asText()).isEqualTo("^/var/log/\"x\"$");
        assertThat(find.get("tags").get(0).asText()).isEqualTo("a\"b");
        assertThat(find.get("tags").get(1).asText()).isEqualTo("c\\d");
        assertThat(find.get("order").asText()).isEqualTo("desc");
        assertThat(find.get("limit").asLong()).isEqualTo(7);
        assertThat(live.get("content").asText()).isEqualTo(content);
        assertThat(live.has("order")).isFalse();
        assertThat(live.has("limit")).isFalse();
    }
}
