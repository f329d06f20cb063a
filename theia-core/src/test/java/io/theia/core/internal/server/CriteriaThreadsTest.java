package io.theia.core.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.theia.core.internal.pipeline.LiveHub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.junit.jupiter.api.Test;

/** Criteria are parsed and their patterns compiled on the criteria executor, not on the thread Jetty delivers on. */
class CriteriaThreadsTest {

    private final LiveHub hub = new LiveHub();
    private final List<Runnable> parserTasks = new ArrayList<>();
    // the class, not the interface: the live stream's batched frames reach into Jetty's session
    private final Session session = mock(WebSocketSession.class);

    private LiveEndpoint live(Executor parsers) {
        return new LiveEndpoint(hub, 10, 64, Runnable::run, new SharedEncodings(16), false,
                new PatternLimits(4096, 100_000), parsers, () -> { });
    }

    @Test
    void criteriaAreNeitherParsedNorAnsweredOnTheDeliveringThread() {
        LiveEndpoint endpoint = live(parserTasks::add);
        endpoint.onOpen(session);

        endpoint.onText("{\"content\": \"((a{100}){100}){100}\"}");

        verify(session, never()).sendText(any(), any());
        assertThat(parserTasks).hasSize(1);
        parserTasks.get(0).run();
        verify(session).sendText(contains("would compile to more than 100000 instructions"), any(Callback.class));
    }

    @Test
    void validCriteriaSubscribeOnTheParserThread() {
        LiveEndpoint endpoint = live(parserTasks::add);
        endpoint.onOpen(session);

        endpoint.onText("{\"content\": \"door\"}");

        assertThat(hub.subscribers()).isZero();
        parserTasks.get(0).run();
        assertThat(hub.subscribers()).isEqualTo(1);
        verify(session).sendText(eq(ControlMessages.OK), any(Callback.class));
    }

    @Test
    void criteriaBeyondTheParsersQueueAreAnsweredBusy() {
        LiveEndpoint endpoint = live(task -> {
            throw new RejectedExecutionException("full");
        });
        endpoint.onOpen(session);

        endpoint.onText("{}");

        verify(session).sendText(contains("busy"), any(Callback.class));
        assertThat(hub.subscribers()).isZero();
    }
}
