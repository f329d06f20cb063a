package io.theia.core.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.theia.api.store.EventQuery;
import io.theia.core.internal.server.CriteriaParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriteriaWriterTest {

    private final EventQuery query = EventQuery.builder()
            .start(Instant.ofEpochSecond(1_509_989_630L, 674_905_100))
            .end(Instant.ofEpochSecond(1_509_989_700L, 1))
            .tags("web", "prod").content("ERROR \"quoted\" \\d+").source("^/var").id("x")
            .order(EventQuery.Order.DESC).limit(7).build();

    @Test
    void findCriteriaRoundTripExactly() {
        String json = CriteriaWriter.find(query);

        assertThat(json).contains("\"start\":1509989630.6749051").contains("\"end\":1509989700.000000001");
        assertThat(CriteriaParser.parse(json, CriteriaParser.Endpoint.FIND)).isEqualTo(query);
    }

    @Test
    void liveCriteriaLeaveOrderAndLimitOut() {
        String json = CriteriaWriter.live(query);

        assertThat(json).doesNotContain("order").doesNotContain("limit");
        assertThat(CriteriaParser.parse(json, CriteriaParser.Endpoint.LIVE)).isEqualTo(EventQuery.builder()
                .start(query.start().orElseThrow()).end(query.end().orElseThrow()).tags("web", "prod")
                .content("ERROR \"quoted\" \\d+").source("^/var").id("x").build());
    }

    @Test
    void noCriteriaIsAnEmptyObject() {
        assertThat(CriteriaWriter.live(EventQuery.all())).isEqualTo("{}");
        assertThat(CriteriaWriter.find(EventQuery.all())).isEqualTo("{\"order\":\"asc\"}");
    }
}
